package org.mimo4j.mimo.train;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.mimo4j.data.Dataset;

/** The three splits a run uses: train (fit), validation (early stopping, tuning) and test (reported). */
public record Splits(Dataset train, Dataset validation, Dataset test) {

    /** SHA-256 (hex) over the three splits' own checksums, for provenance. */
    public String checksum() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Dataset d : new Dataset[] {train, validation, test}) {
                md.update(d.checksum().getBytes(StandardCharsets.US_ASCII));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
