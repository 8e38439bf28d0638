package dev.roomcast.bench;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Latency-tuned Kafka clients, as the services use them (linger 0, acks 1, 1 ms fetch wait). */
final class KafkaClientsBench {
    private KafkaClientsBench() {}

    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        return new KafkaProducer<>(p);
    }

    static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 1);
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return new KafkaConsumer<>(p);
    }

    /** The shared topics plus one audio topic per room (1 partition, 60 s retention, like room-service). */
    static void createTopics(String bootstrap, List<String> roomIds) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (Admin a = Admin.create(p)) {
            var existing = a.listTopics().names().get();
            List<NewTopic> topics = new java.util.ArrayList<>();
            for (String t : List.of(dev.roomcast.protocol.Topics.AUDIO_INGEST, dev.roomcast.protocol.Topics.ROOM_EVENTS,
                    dev.roomcast.protocol.Topics.CHAT_INGEST)) {
                if (!existing.contains(t)) {
                    topics.add(new NewTopic(t, 4, (short) 1));
                }
            }
            for (String r : roomIds) {
                String t = dev.roomcast.protocol.Topics.roomAudio(r);
                if (!existing.contains(t)) {
                    topics.add(new NewTopic(t, 1, (short) 1).configs(Map.of("retention.ms", "60000")));
                }
            }
            a.createTopics(topics).all().get();
        }
    }
}
