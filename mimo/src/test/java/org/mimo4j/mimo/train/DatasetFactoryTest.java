package org.mimo4j.mimo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFactoryTest {
    @TempDir
    Path tmp;

    @Test
    void aPublishedDatasetWithoutARootSaysHowToGiveIt() {
        RunConfig.DatasetSpec s = new RunConfig.DatasetSpec();
        s.name = "avmnist";
        ConfigException e = assertThrows(ConfigException.class, () -> DatasetFactory.load(s));
        assertTrue(e.getMessage().contains("--data-root"), e.getMessage());
    }

    @Test
    void aPublishedDatasetInAnEmptyFolderNamesTheMissingFile() {
        RunConfig.DatasetSpec s = new RunConfig.DatasetSpec();
        s.name = "avmnist";
        s.root = tmp.toString();
        IOException e = assertThrows(IOException.class, () -> DatasetFactory.load(s));
        assertTrue(e.getMessage().contains(tmp.toString()), e.getMessage());
    }

    @Test
    void withoutAPublishedValidationSplitTheLastTenthOfTrainIsHeldOut() {
        Splits syn = SyntheticDataset.create(200, 10, 30, 1);
        Splits s = DatasetFactory.published(org.mimo4j.data.formats.Splits.trainTest(syn.train(), syn.test()));
        assertEquals(180, s.train().size());
        assertEquals(20, s.validation().size());
        assertEquals(syn.train().label(180), s.validation().label(0));
        assertEquals(30, s.test().size());
    }

    @Test
    void anUnknownPresetIsAConfigError() {
        RunConfig.DatasetSpec s = new RunConfig.DatasetSpec();
        s.name = "synthetic";
        s.preset = "huge";
        ConfigException e = assertThrows(ConfigException.class, () -> DatasetFactory.load(s));
        assertTrue(e.getMessage().contains("no preset 'huge'"), e.getMessage());
    }
}
