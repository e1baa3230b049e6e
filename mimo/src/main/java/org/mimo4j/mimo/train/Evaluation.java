package org.mimo4j.mimo.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.mimo4j.mimo.eval.EvalResult;
import org.mimo4j.mimo.eval.Evaluator;
import org.mimo4j.mimo.model.MultiModalModel;

/** Re-evaluates a finished or stopped run from its directory: config.json plus its checkpoint. */
public final class Evaluation {
    private Evaluation() {
    }

    /** Loads the run in {@code runDir} (or the run owning the checkpoint file given) and evaluates it on test. */
    public static EvalResult ofRun(Path runDirOrCheckpoint) throws IOException {
        Path dir = Files.isDirectory(runDirOrCheckpoint) ? runDirOrCheckpoint : runDirOrCheckpoint.toAbsolutePath().getParent();
        Path ckpt = Files.isDirectory(runDirOrCheckpoint) ? dir.resolve(RunCheckpoint.FILE) : runDirOrCheckpoint;
        if (!Files.isRegularFile(dir.resolve(Experiment.CONFIG))) {
            throw new ConfigException(runDirOrCheckpoint + ": not a run directory (no " + Experiment.CONFIG + " beside it)");
        }
        if (!Files.isRegularFile(ckpt)) {
            throw new ConfigException(runDirOrCheckpoint + ": no checkpoint " + ckpt);
        }
        RunConfig c = ConfigLoader.load(dir.resolve(Experiment.CONFIG));
        Splits data = DatasetFactory.load(c.dataset);
        MultiModalModel model = Experiment.buildModel(c, data.train());
        RunCheckpoint.loadModel(ckpt, model);
        return new Evaluator(model, c.training.batchSize, c.evaluation.noiseLevels, c.evaluation.probeEpochs * 10,
                c.training.seed).evaluate(Experiment.probeSubset(data.train()), data.test());
    }
}
