package dev.ecsdeployer.harness;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds the command that starts moto. Order: an explicit override ({@code -Dmoto.server} or
 * {@code MOTO_SERVER}), {@code moto_server} on the PATH, pyenv shims ({@code $PYENV_ROOT/shims},
 * {@code ~/.pyenv/shims}), {@code ~/.pyenv/versions/3.11*}/bin, and finally
 * {@code python3 -m moto.server} if that Python has moto. pyenv is searched because CI scripts
 * often run without the shims on their PATH.
 *
 * @param env environment variables to read (PATH, PYENV_ROOT, MOTO_SERVER)
 * @param home the user's home directory
 * @param override explicit binary path from {@code -Dmoto.server}, or null
 */
public record MotoBinaryLocator(Map<String, String> env, Path home, String override) {

    static final String BINARY = "moto_server";
    static final String INSTALL_HINT = "Install it with: pip install \"moto[server]\" (moto 5.2.1 is what this project"
            + " tests against), or point -Dmoto.server / MOTO_SERVER at the moto_server executable.";

    public MotoBinaryLocator {
        env = Map.copyOf(env);
    }

    public static MotoBinaryLocator fromSystem() {
        return new MotoBinaryLocator(System.getenv(), Path.of(System.getProperty("user.home")),
                System.getProperty("moto.server"));
    }

    /** The command (program and leading arguments) that starts moto's server. */
    public List<String> locate() {
        String explicit = override != null ? override : env.get("MOTO_SERVER");
        if (explicit != null && !explicit.isBlank()) {
            if (Files.isExecutable(Path.of(explicit))) {
                return List.of(explicit);
            }
            throw new MotoNotInstalledException("moto is required for the integration tests but the configured "
                    + BINARY + " '" + explicit + "' does not exist or is not executable. " + INSTALL_HINT);
        }
        List<Path> searched = new ArrayList<>();
        for (Path dir : candidateDirs()) {
            Path candidate = dir.resolve(BINARY);
            searched.add(candidate);
            if (Files.isExecutable(candidate)) {
                return List.of(candidate.toString());
            }
        }
        Optional<Path> python = onPath("python3");
        if (python.isPresent() && hasMotoModule(python.get())) {
            return List.of(python.get().toString(), "-m", "moto.server");
        }
        throw new MotoNotInstalledException("moto is required for the integration tests but " + BINARY
                + " was not found (looked in " + searched + ", and for a python3 on the PATH with the moto"
                + " module). " + INSTALL_HINT);
    }

    private List<Path> candidateDirs() {
        List<Path> dirs = new ArrayList<>(pathDirs());
        String pyenvRoot = env.get("PYENV_ROOT");
        if (pyenvRoot != null && !pyenvRoot.isBlank()) {
            dirs.add(Path.of(pyenvRoot, "shims"));
        }
        Path pyenv = home.resolve(".pyenv");
        dirs.add(pyenv.resolve("shims"));
        Path versions = pyenv.resolve("versions");
        if (Files.isDirectory(versions)) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(versions, "3.11*")) {
                stream.forEach(v -> dirs.add(v.resolve("bin")));
            } catch (IOException e) {
                // An unreadable pyenv tree is the same as no pyenv tree.
            }
        }
        return dirs;
    }

    private List<Path> pathDirs() {
        String path = env.getOrDefault("PATH", "");
        List<Path> dirs = new ArrayList<>();
        for (String part : path.split(File.pathSeparator)) {
            if (!part.isBlank()) {
                dirs.add(Path.of(part));
            }
        }
        return dirs;
    }

    private Optional<Path> onPath(String program) {
        return pathDirs().stream().map(d -> d.resolve(program)).filter(Files::isExecutable).findFirst();
    }

    private static boolean hasMotoModule(Path python) {
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", "import moto.server")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
