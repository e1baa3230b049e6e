package org.mimo4j.mimo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    private static void assertOneLineUsageError(Result r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line on stderr: " + r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    @Test
    void helpWorksForTheToolAndEveryCommand() {
        for (String[] args : new String[][] {{"--help"}, {"train", "--help"}, {"eval", "--help"}, {"compare", "--help"},
                {"demo", "--help"}, {"info", "--help"}, {"tune", "--help"}, {"data", "--help"}, {"data", "fetch", "--help"},
                {"data", "list", "--help"}}) {
            Result r = run(args);
            assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.out().contains("Usage:"), r.out());
        }
    }

    @Test
    void anUnknownOptionIsOneLineAndExitCode2() {
        assertOneLineUsageError(run("train", "--bogus"), "Unknown option: '--bogus'");
    }

    @Test
    void anUnknownCommandIsOneLineAndExitCode2() {
        assertOneLineUsageError(run("trian"), "mimo4j: unknown command or argument 'trian'");
        assertOneLineUsageError(run("data", "fetch", "extra"), "unknown argument 'extra'");
    }

    @Test
    void aBadOptionValueIsOneLineAndExitCode2() {
        assertOneLineUsageError(run("train", "--epochs", "many"), "--epochs");
        assertOneLineUsageError(run("train", "--method", "nope"), "method.name is 'nope'");
        assertOneLineUsageError(run("train", "-O", "gamma"),
                "Value for option '--method-option' (KEY=VALUE) should be in KEY=VALUE format but was gamma");
        assertOneLineUsageError(run("train", "--dataset", "synthetic", "--batch-size", "0"), "training.batchSize must be > 0");
        assertOneLineUsageError(run("compare", "--methods", "joint,nope", "--seeds", "1"), "unknown method 'nope'");
        assertOneLineUsageError(run("compare", "--methods", "joint", "--seeds", "0"), "--seeds must be >= 1");
    }

    @Test
    void aBadConfigValueIsOneLineAndExitCode2() throws IOException {
        Path config = Files.writeString(tmp.resolve("bad.json"), "{\"optimizer\": {\"lr\": 0}}");
        assertOneLineUsageError(run("train", "--config", config.toString()), "optimizer.lr must be a positive number");
        Path unknown = Files.writeString(tmp.resolve("typo.json"), "{\"trainng\": {}}");
        assertOneLineUsageError(run("train", "--config", unknown.toString()), "unknown key 'trainng'");
        assertOneLineUsageError(run("train", "--config", tmp.resolve("missing.json").toString()), "no such config file");
    }

    @Test
    void compareHandsEachMethodOptionToTheMethodsThatHaveIt() {
        Result r = run("compare", "--dataset", "synthetic", "--preset", "tiny", "--methods", "joint,mimo",
                "-O", "gamma=3", "--seeds", "1", "--epochs", "1", "--backend", "cpu", "--threads", "1",
                "--out", tmp.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("joint") && r.out().contains("mimo"), r.out());
    }

    @Test
    void aCompareOptionThatNoComparedMethodHasIsOneLineAndExitCode2() {
        assertOneLineUsageError(run("compare", "--dataset", "synthetic", "--methods", "joint,pcgrad", "-O", "gamma=3",
                "--seeds", "1"), "-O gamma: none of the compared methods [joint, pcgrad] has this option");
    }

    @Test
    void evalOfSomethingThatIsNotARunIsOneLineAndExitCode2() {
        assertOneLineUsageError(run("eval", tmp.toString()), "not a run directory");
    }

    @Test
    void infoListsTheCpuBackend() {
        Result r = run("info");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("cpu: available"), r.out());
    }

    @Test
    void dataListNamesTheDatasets() {
        Result r = run("data", "list");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("avdigits:") && r.out().contains("synthetic:"), r.out());
    }

    @Test
    void trainThenEvalOnTheSyntheticSetWritesARunAndPrintsTheTable() throws IOException {
        Result r = run("train", "--dataset", "synthetic", "--preset", "tiny", "--method", "mimo", "--epochs", "1",
                "--backend", "cpu", "--threads", "1", "--out", tmp.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("mimo") && r.out().contains("worst"), r.out());
        Path runDir;
        try (var s = Files.list(tmp)) {
            runDir = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        for (String f : new String[] {"config.json", "metrics.jsonl", "summary.json", "report.md", "checkpoint.ckpt",
                "loss.png", "accuracy.png", "robustness.png"}) {
            assertTrue(Files.size(runDir.resolve(f)) > 0, f);
        }
        Result e = run("eval", runDir.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("fused accuracy") && e.out().contains("confusion"), e.out());
    }

    @Test
    void trainAcceptsMgdaUb() {
        Result r = run("train", "--dataset", "synthetic", "--preset", "tiny", "--method", "mgda-ub", "--epochs", "1",
                "--backend", "cpu", "--threads", "1", "--out", tmp.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("mgda-ub"), r.out());
    }

    @Test
    void aNegativeCountIsOneLineWithTheWholeNumber() {
        assertOneLineUsageError(run("train", "--dataset", "synthetic", "--threads", "-3"), "threads must be >= 0, got -3");
        assertTrue(!run("train", "--dataset", "synthetic", "--threads", "-3").err().contains("-3.0"));
    }

    @Test
    void aDataRootThatIsNotADirectoryIsOneLineAndExitCode2() {
        assertOneLineUsageError(run("train", "--dataset", "avmnist", "--data-root", tmp.resolve("nowhere").toString(),
                "--backend", "cpu"), "is not a directory");
    }

    @Test
    void aMissingDataFileSaysSoInOneLineAndExitCode1() {
        Result r = run("train", "--dataset", "avmnist", "--data-root", tmp.toString(), "--backend", "cpu");
        assertEquals(1, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line on stderr: " + r.err());
        assertTrue(r.err().contains("no such file: ") && r.err().contains("train_data.npy"), r.err());
    }

    @Test
    void resumingARunWithoutACheckpointIsOneLineAndExitCode2() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("stopped"));
        Files.writeString(run.resolve("config.json"), "{}");
        assertOneLineUsageError(run("train", "--resume", run.toString()),
                "cannot resume: " + run.resolve("checkpoint.ckpt") + " does not exist");
    }
}
