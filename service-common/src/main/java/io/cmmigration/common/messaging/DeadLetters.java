package io.cmmigration.common.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Routes one record of a batch consumer to the dead-letter topic by hand, with the headers SmallRye's
 * dead-letter-queue failure strategy writes ({@code dead-letter-reason}, {@code -cause}, {@code -topic},
 * {@code -partition}, {@code -offset}), so that a malformed record does not take its whole batch with it. The emitter
 * is the service's {@code dead-letter-out} channel (topic {@code migration.dead-letter}).
 */
public final class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private DeadLetters() {
    }

    public static void send(MutinyEmitter<String> deadLetters, ConsumerRecord<String, String> r, Throwable reason) {
        LOG.warnf("record %s-%d@%d sent to the dead-letter topic: %s", r.topic(), r.partition(), r.offset(), reason.getMessage());
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
