package io.cmmigration.job.catalogue.messaging;

import io.cmmigration.events.EventCodec;
import io.cmmigration.events.SourceObjectEvent;
import io.cmmigration.job.catalogue.domain.CatalogueIngest;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
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
        List<SourceObjectEvent> events = new ArrayList<>(records.count());
        List<ConsumerRecord<String, String>> decoded = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> r : records) {
            try {
                events.add(EventCodec.decode(r.value(), SourceObjectEvent.class));
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
        LOG.warnf("source object at %s-%d@%d sent to the dead-letter topic: %s", r.topic(), r.partition(), r.offset(), reason.getMessage());
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", bytes(String.valueOf(reason.getMessage())));
        headers.add("dead-letter-cause", bytes(reason.getClass().getName()));
        headers.add("dead-letter-topic", bytes(r.topic()));
        headers.add("dead-letter-partition", bytes(Integer.toString(r.partition())));
        headers.add("dead-letter-offset", bytes(Long.toString(r.offset())));
        OutgoingKafkaRecordMetadata<String> meta = OutgoingKafkaRecordMetadata.<String>builder().withKey(r.key()).withHeaders(headers).build();
        deadLetters.sendMessageAndAwait(Message.of(r.value() == null ? "" : r.value()).addMetadata(meta));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
