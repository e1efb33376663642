package io.cmmigration.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where things are in the project, seen from the deploy module's tests (Maven runs them with deploy/ as the working directory). */
public final class Project {

    /** The four services, in the order the README lists them. */
    public static final List<String> SERVICES = List.of("monitoring-service", "gathering-service", "job-service", "dp-share-service");

    private Project() {
    }

    public static Path root() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy/base")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the project root (a folder with deploy/base) above " + dir);
    }

    public static Path deploy() {
        return root().resolve("deploy");
    }

    public static Path overlay(String name) {
        return deploy().resolve("overlays").resolve(name);
    }

    public static Path dockerfile(String service) {
        return root().resolve(service).resolve("src/main/docker/Dockerfile.jvm");
    }
}
