package dev.roomcast.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository this module checks. */
public final class Repo {
    private Repo() {}

    /** The repository root: the parent of this module's directory. */
    public static Path root() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path root = Files.isRegularFile(module.resolve("deploy-tests/pom.xml")) ? module : module.getParent();
        if (!Files.isRegularFile(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("k8s"))) {
            throw new IllegalStateException("cannot find the repository root from " + module);
        }
        return root;
    }

    public static Path resolve(String relative) {
        return root().resolve(relative);
    }
}
