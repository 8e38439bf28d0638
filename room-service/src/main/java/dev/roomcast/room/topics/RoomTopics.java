package dev.roomcast.room.topics;

import dev.roomcast.protocol.Topics;
import dev.roomcast.room.config.RoomConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates and deletes each room's audio topic ({@code room.<id>.audio}: 1 partition, short
 * retention). Calls block until Kafka answers: call them from worker threads only.
 */
@ApplicationScoped
public class RoomTopics {
    private static final Logger LOG = Logger.getLogger(RoomTopics.class);

    private final RoomConfig.Topic config;
    private final String bootstrap;
    private volatile Admin admin;

    public RoomTopics(RoomConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.config = config.topic();
        this.bootstrap = bootstrap;
    }

    /** Creates the room's topic (an existing one is fine). */
    public void create(String roomId) {
        NewTopic topic = new NewTopic(Topics.roomAudio(roomId), 1, config.replicationFactor())
                .configs(Map.of("retention.ms", String.valueOf(config.retentionMs()),
                        "segment.ms", String.valueOf(config.segmentMs()),
                        "cleanup.policy", "delete"));
        try {
            admin().createTopics(List.of(topic)).all().get(config.adminTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topic " + topic.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Deletes the room's topic; a missing one is fine, a failure is logged (never thrown). */
    public void delete(String roomId) {
        String name = Topics.roomAudio(roomId);
        try {
            admin().deleteTopics(List.of(name)).all().get(config.adminTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                LOG.warnf("could not delete topic %s: %s", name, e.getCause().toString());
            }
        } catch (TimeoutException e) {
            LOG.warnf("timed out deleting topic %s", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean exists(String roomId) {
        try {
            Set<String> names = admin().listTopics().names().get(config.adminTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return names.contains(Topics.roomAudio(roomId));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Admin admin() {
        Admin a = admin;
        if (a == null) {
            synchronized (this) {
                if (admin == null) {
                    int timeout = (int) config.adminTimeout().toMillis();
                    admin = Admin.create(Map.of(
                            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                            AdminClientConfig.CLIENT_ID_CONFIG, "room-service-admin",
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout,
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout));
                }
                a = admin;
            }
        }
        return a;
    }

    @PreDestroy
    void close() {
        Admin a = admin;
        if (a != null) {
            a.close();
        }
    }
}
