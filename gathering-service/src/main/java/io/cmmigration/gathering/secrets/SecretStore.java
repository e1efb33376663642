package io.cmmigration.gathering.secrets;

import io.cmmigration.common.rest.ProblemException;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Secrets for source accounts. Values are stored AES-256-GCM encrypted (key derived from {@code cmm.secrets.key}),
 * never returned by the API and never logged. Accounts hold references that are resolved only when a source
 * connection is opened: {@code secret:<name>} (this store), {@code env:<VAR>} (process environment) or
 * {@code file:<path>} (e.g. a mounted Kubernetes secret; trailing newline dropped).
 */
@ApplicationScoped
public class SecretStore {

    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    private static final int IV_BYTES = 12;

    @ConfigProperty(name = "cmm.secrets.key")
    Optional<String> configuredKey;

    private final SecureRandom random = new SecureRandom();
    private volatile SecretKeySpec key;

    void onStart(@Observes StartupEvent ev) {
        if (configuredKey.filter(k -> !k.isBlank()).isEmpty() && LaunchMode.current() == LaunchMode.NORMAL
                && org.eclipse.microprofile.config.ConfigProvider.getConfig().unwrap(io.smallrye.config.SmallRyeConfig.class).getProfiles().contains("prod")) {
            throw new IllegalStateException("cmm.secrets.key (CMM_SECRETS_KEY) must be set: it encrypts the stored source account secrets");
        }
    }

    @Transactional
    public void put(String name, String value) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ProblemException.badRequest("secret name must be 1-200 characters of letters, digits, '.', '_' or '-'");
        }
        if (value == null || value.isEmpty()) {
            throw ProblemException.badRequest("value is required");
        }
        StoredSecret s = StoredSecret.findById(name);
        if (s == null) {
            s = new StoredSecret();
            s.name = name;
        }
        s.ciphertext = encrypt(value);
        s.updatedAt = Instant.now();
        s.persist();
    }

    @Transactional
    public boolean exists(String name) {
        return StoredSecret.findById(name) != null;
    }

    /** Checks that a reference is well-formed and, for {@code secret:}, that the secret exists (without reading env or files). */
    @Transactional
    public void validateReference(String field, String ref) {
        if (ref == null || ref.isBlank()) {
            throw new ProblemException(422, "Invalid account", field + " is required (secret:<name>, env:<VAR> or file:<path>)");
        }
        if (ref.startsWith("secret:")) {
            if (!exists(ref.substring(7))) {
                throw new ProblemException(422, "Unknown secret", field + " names a secret that does not exist: " + ref.substring(7)
                        + " (create it with PUT /api/secrets/{name})");
            }
        } else if (!ref.startsWith("env:") && !ref.startsWith("file:")) {
            throw new ProblemException(422, "Invalid account", field + " must be a reference secret:<name>, env:<VAR> or file:<path>,"
                    + " never a password");
        }
    }

    /** Resolves a reference to the plain value; the result must not be stored or logged. */
    @Transactional
    public String resolve(String ref) {
        if (ref == null) {
            throw new SecretUnavailableException("no password reference configured");
        }
        if (ref.startsWith("secret:")) {
            StoredSecret s = StoredSecret.findById(ref.substring(7));
            if (s == null) {
                throw new SecretUnavailableException("secret " + ref.substring(7) + " does not exist");
            }
            return decrypt(s.ciphertext);
        }
        if (ref.startsWith("env:")) {
            String v = System.getenv(ref.substring(4));
            if (v == null) {
                throw new SecretUnavailableException("environment variable " + ref.substring(4) + " is not set");
            }
            return v;
        }
        if (ref.startsWith("file:")) {
            try {
                return Files.readString(Path.of(ref.substring(5))).stripTrailing();
            } catch (Exception e) {
                throw new SecretUnavailableException("secret file " + ref.substring(5) + " cannot be read");
            }
        }
        throw new SecretUnavailableException("unsupported secret reference");
    }

    String encrypt(String value) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(128, iv));
            byte[] ct = c.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt secret", e);
        }
    }

    String decrypt(String stored) {
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(128, all, 0, IV_BYTES));
            return new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SecretUnavailableException("stored secret cannot be decrypted with the configured cmm.secrets.key");
        }
    }

    private SecretKeySpec key() throws GeneralSecurityException {
        if (key == null) {
            String k = configuredKey.filter(s -> !s.isBlank()).orElseThrow(
                    () -> new SecretUnavailableException("cmm.secrets.key is not configured"));
            key = new SecretKeySpec(MessageDigest.getInstance("SHA-256").digest(k.getBytes(StandardCharsets.UTF_8)), "AES");
        }
        return key;
    }

    /** A reference that cannot be resolved now (missing secret, variable or file). */
    public static class SecretUnavailableException extends RuntimeException {
        public SecretUnavailableException(String message) {
            super(message);
        }
    }
}
