package dev.gofer.cli.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CliConfigTest {
    @Test
    void theDefaultFileIsUnderHomeWhenItIsSetElseUnderUserHome() {
        assertEquals(Path.of("/home/env", ".gofer.yaml"), CliConfig.defaultFile("/home/env", "/home/passwd"));
        assertEquals(Path.of("/home/passwd", ".gofer.yaml"), CliConfig.defaultFile(null, "/home/passwd"));
        assertEquals(Path.of("/home/passwd", ".gofer.yaml"), CliConfig.defaultFile("", "/home/passwd"));
    }
}
