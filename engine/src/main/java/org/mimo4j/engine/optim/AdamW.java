package org.mimo4j.engine.optim;

import java.util.Map;
import org.mimo4j.engine.nn.Parameter;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, 2019): the decay shrinks the weights
 * directly, w = w * (1 - lr * wd), instead of entering the moment estimates, so that it regularises
 * equally whatever the gradient scale. Otherwise as {@link Adam}.
 */
public final class AdamW extends Adam {

    public AdamW(Map<String, Parameter> parameters, float lr, float beta1, float beta2, float eps, float weightDecay) {
        super(parameters, lr, beta1, beta2, eps, weightDecay, true);
    }

    /** AdamW with betas (0.9, 0.999), eps 1e-8 and PyTorch's default decay 0.01. */
    public AdamW(Map<String, Parameter> parameters, float lr) {
        this(parameters, lr, 0.9f, 0.999f, 1e-8f, 0.01f);
    }
}
