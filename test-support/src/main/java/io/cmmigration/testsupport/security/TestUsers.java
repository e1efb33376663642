package io.cmmigration.testsupport.security;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/**
 * The two kinds of caller every service knows, for tests: the local credentials (HTTP Basic, as documented for the
 * local run) and bearer tokens signed with the development key (as an identity provider would issue them).
 */
public final class TestUsers {

    public static final String ISSUER = "https://cm-migration.local/issuer";

    private TestUsers() {
    }

    /** Infrastructure Administrator: may read and change. */
    public static RequestSpecification admin() {
        return RestAssured.given().auth().preemptive().basic("admin", "admin");
    }

    /** Read-only user. */
    public static RequestSpecification viewer() {
        return RestAssured.given().auth().preemptive().basic("viewer", "viewer");
    }

    public static RequestSpecification anonymous() {
        return RestAssured.given();
    }

    public static RequestSpecification bearer(String user, String... groups) {
        return RestAssured.given().header("Authorization", "Bearer " + token(user, groups));
    }

    /** A JWT as the identity provider would issue it: roles in the {@code groups} claim. */
    public static String token(String user, String... groups) {
        return Jwt.issuer(ISSUER).upn(user).subject(user).groups(Set.of(groups)).expiresIn(Duration.ofHours(1)).sign(devPrivateKey());
    }

    private static PrivateKey devPrivateKey() {
        try (InputStream in = TestUsers.class.getResourceAsStream("/jwt/dev-private-key.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the development JWT key", e);
        }
    }
}
