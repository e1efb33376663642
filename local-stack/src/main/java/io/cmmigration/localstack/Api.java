package io.cmmigration.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmmigration.events.EventCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A small REST client for the services' APIs (HTTP Basic), used by the guided demo and the benchmark harness. */
public final class Api {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String authorization;
    private final Duration requestTimeout;

    public Api(String baseUrl, String user, String password) {
        this(baseUrl, user, password, Duration.ofSeconds(60));
    }

    /** @param requestTimeout how long one request may take (creating a job of a whole large catalogue takes minutes) */
    public Api(String baseUrl, String user, String password, Duration requestTimeout) {
        this.baseUrl = baseUrl;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.requestTimeout = requestTimeout;
    }

    public JsonNode get(String path) {
        return send("GET", path, null, 200);
    }

    public JsonNode post(String path, Object body, int expectedStatus) {
        return send("POST", path, body, expectedStatus);
    }

    public JsonNode put(String path, Object body, int expectedStatus) {
        return send("PUT", path, body, expectedStatus);
    }

    private JsonNode send(String method, String path, Object body, int expected) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(requestTimeout)
                    .header("Authorization", authorization).header("Accept", "application/json");
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(EventCodec.mapper().writeValueAsString(body)));
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                throw new ApiException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body() == null || r.body().isBlank() ? null : EventCodec.mapper().readTree(r.body());
        } catch (IOException e) {
            throw new ApiException(method + " " + path + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("interrupted");
        }
    }

    /** A REST call that did not answer as expected. */
    public static final class ApiException extends RuntimeException {
        public ApiException(String message) {
            super(message);
        }
    }
}
