package io.cmmigration.monitoring.live;

import static io.cmmigration.monitoring.support.TestEvents.id;
import static io.cmmigration.monitoring.support.TestEvents.job;
import static io.cmmigration.monitoring.support.TestEvents.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.JobStatusEvent.Status;
import io.cmmigration.testsupport.db.PostgresDatabaseResource;
import io.cmmigration.testsupport.kafka.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The server-sent event stream: changes are pushed, and a reconnecting client catches up by Last-Event-ID. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "purpose", value = "monitoring"))
class LiveStreamTest {

    @TestHTTPResource("/api/stream")
    URI stream;

    record Sse(String id, String event, String data) {
    }

    @Test
    void aJobChangeIsPushedAndAReconnectingClientGetsWhatItMissed() throws Exception {
        String j = id("J");
        try (Connection first = open(null)) {
            Sse hello = first.next(e -> true);
            assertEquals("hello", hello.event());
            publish(job(j, "HX", Status.RUNNING, 4, 1, 0, 0, Instant.now(), Instant.now(), null));
            Sse change = first.next(e -> "change".equals(e.event()) && e.data().contains(j));
            assertTrue(change.data().contains("\"migrated\":1"), change.data());

            // Reconnect as a browser would after a network drop: it names the last message it saw.
            try (Connection again = open(hello.id())) {
                Sse missed = again.next(e -> "change".equals(e.event()) && e.data().contains(j));
                assertEquals(change.id(), missed.id());
            }
        }
        try (Connection stale = open("unknown-epoch-7")) {
            assertEquals("refresh", stale.next(e -> true).event(), "an id we cannot place asks the client to reload everything");
        }
    }

    private Connection open(String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(stream).header("Accept", "text/event-stream")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("viewer:viewer".getBytes(StandardCharsets.UTF_8)));
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<java.io.InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        return new Connection(client, new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8)));
    }

    /** Reads SSE messages (id/event/data lines ended by a blank line). */
    static final class Connection implements AutoCloseable {
        private final HttpClient client;
        private final BufferedReader in;

        Connection(HttpClient client, BufferedReader in) {
            this.client = client;
            this.in = in;
        }

        Sse next(Predicate<Sse> wanted) throws Exception {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    String id = null;
                    String event = null;
                    List<String> data = new ArrayList<>();
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.isEmpty()) {
                            Sse e = new Sse(id, event, String.join("\n", data));
                            if (event != null && wanted.test(e)) {
                                return e;
                            }
                            id = null;
                            event = null;
                            data.clear();
                        } else if (line.startsWith("id:")) {
                            id = line.substring(3).trim();
                        } else if (line.startsWith("event:")) {
                            event = line.substring(6).trim();
                        } else if (line.startsWith("data:")) {
                            data.add(line.substring(5).trim());
                        }
                    }
                    throw new IllegalStateException("stream ended");
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }).get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            in.close();
        }
    }
}
