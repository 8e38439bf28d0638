package dev.roomcast.gateway.audio;

import dev.roomcast.protocol.Codec;
import dev.roomcast.protocol.Tier;
import dev.roomcast.protocol.Topics;
import dev.roomcast.protocol.frame.AudioFrame;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A room's audio topic on the real broker, written the way relay-service writes it: one
 * single-packet frame per record, every tier, record timestamp = capture time in ms.
 */
final class RoomTopic implements AutoCloseable {
    final String roomId;
    final KafkaProducer<String, byte[]> producer;

    RoomTopic(String bootstrap, String roomId) throws Exception {
        this.roomId = roomId;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(Topics.roomAudio(roomId), 1, (short) 1)
                    .configs(Map.of("retention.ms", "60000")))).all().get(10, TimeUnit.SECONDS);
        }
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        pp.put(ProducerConfig.ACKS_CONFIG, "1");
        producer = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer());
    }

    /** Writes one packet of every tier; the payloads differ per tier and per sequence. */
    void writeAllTiers(long seq, long captureUs, int highBytes) {
        for (Tier t : Tier.values()) {
            int size = t == Tier.HIGH ? highBytes : t == Tier.MEDIUM ? highBytes / 2 : highBytes / 4;
            byte[] payload = new byte[Math.max(1, size)];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) (seq * 13 + i + t.id());
            }
            write(AudioFrame.of(Codec.OPUS, t, seq, captureUs, List.of(payload)).encode(), captureUs);
        }
    }

    void write(byte[] frame, long captureUs) {
        producer.send(new ProducerRecord<>(Topics.roomAudio(roomId), null, captureUs / 1000, null, frame));
    }

    @Override
    public void close() {
        producer.close();
    }
}
