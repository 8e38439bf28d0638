package dev.roomcast.deploy.k8s;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.roomcast.deploy.kustomize.Kustomize;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** A rendered kustomization, every resource parsed into its fabric8 Kubernetes type. */
public record Manifests(String name, List<Map<String, Object>> raw, List<HasMetadata> objects) {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    public static Manifests render(String name, Path kustomizationDir) {
        List<Map<String, Object>> raw = Kustomize.build(kustomizationDir);
        List<HasMetadata> objects = new ArrayList<>();
        for (Map<String, Object> resource : raw) {
            KubernetesResource parsed = SERIALIZATION.convertValue(resource, KubernetesResource.class);
            if (!(parsed instanceof HasMetadata object)) {
                throw new IllegalArgumentException(Kustomize.id(resource) + " did not parse into a Kubernetes object");
            }
            objects.add(object);
        }
        return new Manifests(name, List.copyOf(raw), List.copyOf(objects));
    }

    public <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    public <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                this.name + ": no " + type.getSimpleName() + " named " + name));
    }

    /** Custom resources (Strimzi) of one kind: fabric8 keeps them generic. */
    public List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> r.getKind().equals(kind)).toList();
    }

    public List<Deployment> deployments() {
        return all(Deployment.class);
    }

    public List<StatefulSet> statefulSets() {
        return all(StatefulSet.class);
    }

    public List<Service> services() {
        return all(Service.class);
    }

    public List<ConfigMap> configMaps() {
        return all(ConfigMap.class);
    }

    public List<HorizontalPodAutoscaler> hpas() {
        return all(HorizontalPodAutoscaler.class);
    }

    public List<PodDisruptionBudget> pdbs() {
        return all(PodDisruptionBudget.class);
    }

    public List<Ingress> ingresses() {
        return all(Ingress.class);
    }

    @Override
    public String toString() {
        return name;
    }
}
