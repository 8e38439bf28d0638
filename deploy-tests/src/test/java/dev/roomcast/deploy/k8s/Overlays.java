package dev.roomcast.deploy.k8s;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import dev.roomcast.deploy.Repo;

/** The k8s/ overlays, rendered once per test JVM. */
final class Overlays {
    private Overlays() {}

    /** Overlay name → the namespace its kustomization puts everything in. */
    static final Map<String, String> NAMESPACES = Map.of("dev", "roomcast-dev", "prod", "roomcast");

    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    static Manifests get(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> Manifests.render(o, Repo.resolve("k8s/overlays/" + o)));
    }

    static Stream<Manifests> all() {
        return List.of("dev", "prod").stream().map(Overlays::get);
    }
}
