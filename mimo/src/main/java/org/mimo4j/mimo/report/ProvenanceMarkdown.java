package org.mimo4j.mimo.report;

import java.util.Map;

/** Renders a {@link Provenance} as the closing section of every report.md. */
public final class ProvenanceMarkdown {
    private ProvenanceMarkdown() {
    }

    /** A "## Provenance" section with one bullet per fact. */
    public static String section(Provenance p) {
        StringBuilder md = new StringBuilder("## Provenance\n\n");
        for (Map.Entry<String, Object> e : p.asMap().entrySet()) {
            md.append("- ").append(e.getKey()).append(": `").append(e.getValue()).append("`\n");
        }
        return md.toString();
    }
}
