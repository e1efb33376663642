package io.cmmigration.job.catalogue.messaging;

import io.cmmigration.common.messaging.DeadLetters;
import io.cmmigration.job.catalogue.domain.CatalogueIngest;
import io.cmmigration.job.catalogue.domain.SourceObject;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import io.smallrye.reactive.messaging.MutinyEmitter;
import org.jboss.logging.Logger;

/**
 * Builds the catalogue from {@code migration.source-objects}, in batches (the stream carries every gathered object).
 * A malformed record is routed to the dead-letter topic on its own, with the usual dead-letter headers, and the rest of
 * its batch is applied; if applying a batch fails, its records are applied one by one so that only a record that fails
 * on its own is dead-lettered. The channel's own failure strategy (dead-letter-queue) covers anything else.
 */
@ApplicationScoped
public class SourceObjectConsumer {

    private static final Logger LOG = Logger.getLogger(SourceObjectConsumer.class);

    @Inject
    CatalogueIngest ingest;

    @Inject
    @Channel("dead-letter-out")
    MutinyEmitter<String> deadLetters;

    @Incoming("source-objects")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        List<SourceObject> events = new ArrayList<>(records.count());
        List<ConsumerRecord<String, String>> decoded = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> r : records) {
            try {
                events.add(SourceObjectDecoder.decode(r.value()));
                decoded.add(r);
            } catch (RuntimeException e) {
                deadLetter(r, e);
            }
        }
        if (events.isEmpty()) {
            return;
        }
        try {
            ingest.apply(events);
        } catch (RuntimeException batchFailure) {
            LOG.warnf("batch of %d source objects failed (%s); applying one by one", events.size(), batchFailure.toString());
            for (int i = 0; i < events.size(); i++) {
                try {
                    ingest.apply(List.of(events.get(i)));
                } catch (RuntimeException e) {
                    deadLetter(decoded.get(i), e);
                }
            }
        }
    }

    private void deadLetter(ConsumerRecord<String, String> r, Throwable reason) {
        DeadLetters.send(deadLetters, r, reason);
    }
}
