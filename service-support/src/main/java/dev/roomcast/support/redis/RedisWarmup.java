package dev.roomcast.support.redis;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Creates the Redis data sources on the main thread before anything else runs at start-up.
 *
 * <p>Quarkus 3.33 builds them lazily into a plain HashMap ({@code RedisClientRecorder.dataSources},
 * {@code computeIfAbsent}); two threads creating them at once (a sweeper, the messaging wiring, a
 * first request) fail with ConcurrentModificationException, which killed room-service's boot in CI;
 * chat-service has the same start-up shape. This observer runs first (PLATFORM_BEFORE), before the
 * scheduler and the messaging channels start. A bean only in services that index this jar
 * ({@code quarkus.index-dependency.service-support.*}), i.e. the ones with Redis.
 */
@ApplicationScoped
public class RedisWarmup {
    void createDataSources(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent ev,
            ReactiveRedisDataSource reactive, RedisDataSource blocking) {
        reactive.getRedis();
        blocking.getReactive();
    }
}
