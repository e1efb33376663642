package io.cmmigration.simulator.manifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a simulated hierarchy contains, written after generation (and after every mutation). Tests of other modules derive
 * their expected results from it. Serialised with Jackson; see the module README for the JSON shape.
 */
public record Manifest(long seed, String version, String topSiteCode, List<SiteDatabaseManifest> databases) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public SiteDatabaseManifest database(String siteCode) {
        return databases.stream().filter(d -> d.siteCode().equals(siteCode)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no database for site " + siteCode));
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(Path file) {
        try {
            Files.writeString(file, toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Manifest read(Path file) {
        try {
            return JSON.readValue(file.toFile(), Manifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
