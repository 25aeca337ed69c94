package dev.ecsdeployer.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MotoBinaryLocatorTest {

    private static final Path NOWHERE = Path.of("/nonexistent/ecs-deployer-test");

    @Test
    void aMissingMotoFailsNamingTheBinaryAndHowToInstallIt() {
        MotoBinaryLocator locator = new MotoBinaryLocator(Map.of("PATH", NOWHERE.resolve("bin").toString()),
                NOWHERE, null);
        MotoNotInstalledException e = assertThrows(MotoNotInstalledException.class, locator::locate);
        assertTrue(e.getMessage().contains("moto_server was not found"), e.getMessage());
        assertTrue(e.getMessage().contains(NOWHERE.resolve("bin/moto_server").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("pip install \"moto[server]\""), e.getMessage());
    }

    @Test
    void aConfiguredBinaryThatDoesNotExistFailsNamingIt() {
        MotoBinaryLocator locator = new MotoBinaryLocator(Map.of(), NOWHERE, "/nonexistent/moto_server");
        MotoNotInstalledException e = assertThrows(MotoNotInstalledException.class, locator::locate);
        assertTrue(e.getMessage().contains("'/nonexistent/moto_server' does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("pip install \"moto[server]\""), e.getMessage());
    }

    @Test
    void pyenvVersionsAreSearchedWhenItsShimsAreNotOnThePath(@TempDir Path home) throws IOException {
        Path binary = executable(home.resolve(".pyenv/versions/3.11.7/bin/moto_server"));
        MotoBinaryLocator locator = new MotoBinaryLocator(Map.of("PATH", NOWHERE.toString()), home, null);
        assertEquals(List.of(binary.toString()), locator.locate());
    }

    @Test
    void pyenvRootShimsComeBeforeTheHomePyenv(@TempDir Path dir) throws IOException {
        Path shim = executable(dir.resolve("pyenv-root/shims/moto_server"));
        executable(dir.resolve("home/.pyenv/versions/3.11.7/bin/moto_server"));
        MotoBinaryLocator locator = new MotoBinaryLocator(
                Map.of("PATH", NOWHERE.toString(), "PYENV_ROOT", dir.resolve("pyenv-root").toString()),
                dir.resolve("home"), null);
        assertEquals(List.of(shim.toString()), locator.locate());
    }

    private static Path executable(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
