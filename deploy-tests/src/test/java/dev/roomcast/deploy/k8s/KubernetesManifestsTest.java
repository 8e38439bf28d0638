package dev.roomcast.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.roomcast.deploy.ServiceEnv;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

@DisplayName("The rendered Kubernetes overlays")
class KubernetesManifestsTest {

    private static final ServiceEnv CONTRACT = ServiceEnv.load();

    static Stream<Manifests> overlays() {
        return Overlays.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    @DisplayName("parse into their Kubernetes types with no field the schema does not know, all in the overlay's namespace")
    void parseStrictly(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (HasMetadata object : m.objects()) {
            boolean builtIn = !object.getApiVersion().contains(".") || object.getApiVersion().startsWith("networking.k8s.io/");
            if (builtIn && object instanceof GenericKubernetesResource) {
                problems.add(object.getKind() + "/" + object.getMetadata().getName() + " is not a known Kubernetes type");
            }
            problems.addAll(UnknownFields.in(object).stream().map(p -> object.getMetadata().getName() + ": " + p).toList());
            if (!Overlays.NAMESPACES.get(m.name()).equals(object.getMetadata().getNamespace())) {
                problems.add(object.getKind() + "/" + object.getMetadata().getName() + " is in namespace " + object.getMetadata().getNamespace());
            }
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    @DisplayName("hold a Deployment, a Service and a ConfigMap for every service, and no Deployment for anything else")
    void oneSetPerService(Manifests m) {
        Set<String> deployments = new TreeSet<>(m.deployments().stream().map(d -> d.getMetadata().getName()).toList());
        assertEquals(new TreeSet<>(CONTRACT.services().keySet()), deployments);
        for (String service : CONTRACT.services().keySet()) {
            Service svc = m.get(Service.class, service);
            assertTrue(svc.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == CONTRACT.service(service).port()),
                    service + " Service must expose port " + CONTRACT.service(service).port());
            m.get(ConfigMap.class, service + "-config");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    @DisplayName("probe readiness on /q/health/ready, liveness on /q/health/live and startup, on the service's container port")
    void probes(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (Deployment d : m.deployments()) {
            String name = d.getMetadata().getName();
            int port = CONTRACT.service(name).port();
            Container c = mainContainer(d);
            if (c.getPorts().stream().noneMatch(p -> p.getContainerPort() == port)) {
                problems.add(name + ": no containerPort " + port);
            }
            checkProbe(problems, name, "readiness", c.getReadinessProbe(), "/q/health/ready", c, port);
            checkProbe(problems, name, "liveness", c.getLivenessProbe(), "/q/health/live", c, port);
            checkProbe(problems, name, "startup", c.getStartupProbe(), "/q/health/", c, port);
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    @DisplayName("give every container CPU and memory requests and limits, requests no larger than limits")
    void resources(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, PodTemplateSpec> pod : podTemplates(m).entrySet()) {
            for (Container c : pod.getValue().getSpec().getContainers()) {
                ResourceRequirements r = c.getResources();
                for (String resource : List.of("cpu", "memory")) {
                    Quantity request = r == null || r.getRequests() == null ? null : r.getRequests().get(resource);
                    Quantity limit = r == null || r.getLimits() == null ? null : r.getLimits().get(resource);
                    if (request == null || limit == null) {
                        problems.add(pod.getKey() + "/" + c.getName() + ": " + resource + " request and limit required");
                    } else if (amount(request).compareTo(amount(limit)) > 0) {
                        problems.add(pod.getKey() + "/" + c.getName() + ": " + resource + " request " + request + " > limit " + limit);
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    @DisplayName("set only environment variables that the service reads (service-env.json), from ConfigMaps that exist")
    void envNames(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (Deployment d : m.deployments()) {
            String name = d.getMetadata().getName();
            Set<String> allowed = CONTRACT.allowedEnv(name);
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                for (String env : envNames(m, c, problems)) {
                    if (!allowed.contains(env)) {
                        problems.add(name + " sets " + env + ", which " + name + " does not read (service-env.json)");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    @DisplayName("point every service URL in a ConfigMap at a Service and port that exist, and Kafka at the Strimzi bootstrap")
    void configUrlsResolve(Manifests m) {
        Pattern url = Pattern.compile("^(?:http|https|redis)://([^:/]+):(\\d+)");
        Set<String> kafkaBootstraps = new HashSet<>();
        for (GenericKubernetesResource kafka : m.custom("Kafka")) {
            for (Object listener : listOf(kafka.get("spec", "kafka", "listeners"))) {
                kafkaBootstraps.add(kafka.getMetadata().getName() + "-kafka-bootstrap:" + ((Map<?, ?>) listener).get("port"));
            }
        }
        List<String> problems = new ArrayList<>();
        for (ConfigMap cm : m.configMaps()) {
            for (Map.Entry<String, String> e : cm.getData().entrySet()) {
                Matcher match = url.matcher(e.getValue());
                if (e.getKey().endsWith("_URL") && !e.getKey().equals("PUBLIC_URL")) {
                    if (!match.find() || !hasServicePort(m, match.group(1), Integer.parseInt(match.group(2)))) {
                        problems.add(cm.getMetadata().getName() + " " + e.getKey() + "=" + e.getValue() + " names no Service port");
                    }
                }
                if (e.getKey().equals("KAFKA_BOOTSTRAP_SERVERS")) {
                    for (String server : e.getValue().split(",")) {
                        if (!kafkaBootstraps.contains(server.trim())) {
                            problems.add(cm.getMetadata().getName() + " KAFKA_BOOTSTRAP_SERVERS=" + server + " is none of " + kafkaBootstraps);
                        }
                    }
                }
            }
        }
        assertFalse(kafkaBootstraps.isEmpty(), "a Strimzi Kafka with a listener");
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    @DisplayName("have Deployment selectors that match their own pod labels and Services that select pods with the target port")
    void selectors(Manifests m) {
        List<String> problems = new ArrayList<>();
        for (Deployment d : m.deployments()) {
            if (!matches(d.getSpec().getSelector().getMatchLabels(), d.getSpec().getTemplate().getMetadata().getLabels())) {
                problems.add("Deployment " + d.getMetadata().getName() + " does not select its own pods");
            }
        }
        for (Service s : m.services()) {
            List<PodTemplateSpec> pods = podTemplates(m).values().stream()
                    .filter(p -> matches(s.getSpec().getSelector(), p.getMetadata().getLabels())).toList();
            if (pods.isEmpty()) {
                problems.add("Service " + s.getMetadata().getName() + " selects no pods");
            }
            for (ServicePort port : s.getSpec().getPorts()) {
                for (PodTemplateSpec pod : pods) {
                    if (containerPort(pod.getSpec().getContainers(), port.getTargetPort()) == null) {
                        problems.add("Service " + s.getMetadata().getName() + " targets port " + port.getTargetPort().getValue()
                                + " that its pods do not have");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    @DisplayName("autoscale gateway and relay-service on CPU, relay-service no further than the audio ingest topic's partitions")
    void autoscalers(Manifests m) {
        Set<String> scaled = new TreeSet<>();
        for (HorizontalPodAutoscaler hpa : m.hpas()) {
            var target = hpa.getSpec().getScaleTargetRef();
            assertEquals("Deployment", target.getKind());
            m.get(Deployment.class, target.getName());
            scaled.add(target.getName());
            assertTrue(hpa.getSpec().getMinReplicas() >= 1 && hpa.getSpec().getMinReplicas() <= hpa.getSpec().getMaxReplicas(),
                    hpa.getMetadata().getName() + ": 1 <= minReplicas <= maxReplicas");
            assertTrue(hpa.getSpec().getMetrics().stream().anyMatch(
                    metric -> metric.getResource() != null && metric.getResource().getName().equals("cpu")),
                    hpa.getMetadata().getName() + " scales on CPU");
        }
        assertEquals(Set.of("gateway", "relay-service"), scaled);
        int ingestPartitions = ((Number) topic(m, "roomcast.audio.ingest").get("spec", "partitions")).intValue();
        int relayMax = m.get(HorizontalPodAutoscaler.class, "relay-service").getSpec().getMaxReplicas();
        assertTrue(relayMax <= ingestPartitions, "relay-service maxReplicas " + relayMax
                + " > " + ingestPartitions + " partitions of roomcast.audio.ingest: the extra replicas would idle");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    @DisplayName("protect gateway and relay-service pods with disruption budgets that select them")
    void disruptionBudgets(Manifests m) {
        Set<String> covered = new TreeSet<>();
        for (PodDisruptionBudget pdb : m.pdbs()) {
            for (Deployment d : m.deployments()) {
                if (matches(pdb.getSpec().getSelector().getMatchLabels(), d.getSpec().getTemplate().getMetadata().getLabels())) {
                    covered.add(d.getMetadata().getName());
                }
            }
        }
        assertTrue(covered.containsAll(Set.of("gateway", "relay-service")), "PDBs cover " + covered);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    @DisplayName("route /ws and / to the gateway Service with hour-long proxy timeouts for WebSockets")
    void ingress(Manifests m) {
        Ingress ingress = m.get(Ingress.class, "roomcast");
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
            String value = annotations.get("nginx.ingress.kubernetes.io/" + timeout);
            assertTrue(value != null && Integer.parseInt(value) >= 3600, timeout + " must be >= 3600, is " + value);
        }
        for (String path : List.of("/ws", "/")) {
            List<IngressBackend> backends = new ArrayList<>();
            for (IngressRule rule : ingress.getSpec().getRules()) {
                for (HTTPIngressPath p : rule.getHttp().getPaths()) {
                    if (p.getPath().equals(path)) {
                        backends.add(p.getBackend());
                    }
                }
            }
            assertFalse(backends.isEmpty(), "no Ingress path " + path);
            for (IngressBackend backend : backends) {
                assertEquals("gateway", backend.getService().getName(), path + " goes to the gateway");
                Service gateway = m.get(Service.class, "gateway");
                var port = backend.getService().getPort();
                assertTrue(gateway.getSpec().getPorts().stream().anyMatch(
                        sp -> Objects.equals(sp.getName(), port.getName()) || Objects.equals(sp.getPort(), port.getNumber())),
                        path + " uses a port the gateway Service has");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    @DisplayName("let a stopping gateway drain: a preStop pause shorter than its termination grace period")
    void gatewayDrains(Manifests m) {
        Deployment gateway = m.get(Deployment.class, "gateway");
        Container c = mainContainer(gateway);
        assertTrue(c.getLifecycle() != null && c.getLifecycle().getPreStop() != null, "gateway has a preStop hook");
        String command = String.join(" ", c.getLifecycle().getPreStop().getExec().getCommand());
        Matcher sleep = Pattern.compile("sleep (\\d+)").matcher(command);
        assertTrue(sleep.find(), "preStop sleeps: " + command);
        long grace = gateway.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        assertTrue(Integer.parseInt(sleep.group(1)) + 15 <= grace,
                "preStop " + sleep.group(1) + " s leaves at least 15 s of the " + grace + " s grace period to close sockets");
        assertTrue(c.getEnv().stream().anyMatch(e -> e.getName().equals("GATEWAY_ID") && e.getValueFrom() != null
                && "metadata.name".equals(e.getValueFrom().getFieldRef().getFieldPath())), "GATEWAY_ID is the pod name");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    @DisplayName("run Kafka through Strimzi in KRaft mode with node pools, replication no larger than the broker count")
    void kafka(Manifests m) {
        List<GenericKubernetesResource> clusters = m.custom("Kafka");
        assertEquals(1, clusters.size());
        GenericKubernetesResource kafka = clusters.get(0);
        String cluster = kafka.getMetadata().getName();
        assertEquals("enabled", kafka.getMetadata().getAnnotations().get("strimzi.io/kraft"));
        assertEquals("enabled", kafka.getMetadata().getAnnotations().get("strimzi.io/node-pools"));
        int brokers = 0;
        boolean controllers = false;
        for (GenericKubernetesResource pool : m.custom("KafkaNodePool")) {
            assertEquals(cluster, pool.getMetadata().getLabels().get("strimzi.io/cluster"));
            List<Object> roles = listOf(pool.get("spec", "roles"));
            int replicas = ((Number) pool.get("spec", "replicas")).intValue();
            brokers += roles.contains("broker") ? replicas : 0;
            controllers |= roles.contains("controller") && replicas > 0;
        }
        assertTrue(brokers >= 1 && controllers, "node pools give brokers and controllers");
        Map<?, ?> config = (Map<?, ?>) kafka.get("spec", "kafka", "config");
        for (String key : List.of("offsets.topic.replication.factor", "transaction.state.log.replication.factor", "default.replication.factor")) {
            assertTrue(((Number) config.get(key)).intValue() <= brokers, key + " <= " + brokers + " brokers");
        }
        int minIsr = ((Number) config.get("min.insync.replicas")).intValue();
        int rf = ((Number) config.get("default.replication.factor")).intValue();
        assertTrue(minIsr <= rf && (rf == 1 || minIsr < rf), "min.insync.replicas leaves room for one broker down");
        for (GenericKubernetesResource topic : m.custom("KafkaTopic")) {
            assertEquals(cluster, topic.getMetadata().getLabels().get("strimzi.io/cluster"));
            assertTrue(((Number) topic.get("spec", "replicas")).intValue() <= brokers, topic.getMetadata().getName() + " replicas");
        }
        String roomTopicReplication = m.get(ConfigMap.class, "room-service-config").getData().getOrDefault("ROOM_TOPIC_REPLICATION", "1");
        assertTrue(Integer.parseInt(roomTopicReplication) <= brokers, "room-service creates topics with replication "
                + roomTopicReplication + " but there are " + brokers + " brokers");
        for (String fixed : List.of("roomcast.audio.ingest", "roomcast.chat.ingest", "roomcast.room.events")) {
            topic(m, fixed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    @DisplayName("run Redis as a StatefulSet with an append-only file on a persistent volume")
    void redis(Manifests m) {
        StatefulSet redis = m.get(StatefulSet.class, "redis");
        Container c = mainContainer(redis.getSpec().getTemplate());
        List<String> args = new ArrayList<>(c.getArgs() == null ? List.of() : c.getArgs());
        args.addAll(c.getCommand() == null ? List.of() : c.getCommand());
        int i = args.indexOf("--appendonly");
        assertTrue(i >= 0 && "yes".equals(args.get(i + 1)), "redis-server --appendonly yes: " + args);
        String dir = args.get(args.indexOf("--dir") + 1);
        Set<String> claims = new HashSet<>(redis.getSpec().getVolumeClaimTemplates().stream().map(v -> v.getMetadata().getName()).toList());
        assertTrue(c.getVolumeMounts().stream().anyMatch(v -> v.getMountPath().equals(dir) && claims.contains(v.getName())),
                "the data dir " + dir + " is a volume claim");
        m.get(Service.class, "redis");
    }

    // ---- helpers

    static Container mainContainer(Deployment d) {
        return mainContainer(d.getSpec().getTemplate());
    }

    static Container mainContainer(PodTemplateSpec pod) {
        List<Container> containers = pod.getSpec().getContainers();
        assertEquals(1, containers.size(), "one container per pod");
        return containers.get(0);
    }

    static Map<String, PodTemplateSpec> podTemplates(Manifests m) {
        Map<String, PodTemplateSpec> pods = new java.util.LinkedHashMap<>();
        m.deployments().forEach(d -> pods.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate()));
        m.statefulSets().forEach(s -> pods.put("StatefulSet/" + s.getMetadata().getName(), s.getSpec().getTemplate()));
        return pods;
    }

    static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels != null && labels.entrySet().containsAll(selector.entrySet());
    }

    static ContainerPort containerPort(List<Container> containers, IntOrString port) {
        for (Container c : containers) {
            for (ContainerPort p : c.getPorts()) {
                if (port.getStrVal() != null ? port.getStrVal().equals(p.getName()) : port.getIntVal().equals(p.getContainerPort())) {
                    return p;
                }
            }
        }
        return null;
    }

    private static void checkProbe(List<String> problems, String name, String kind, Probe probe, String pathPrefix, Container c, int port) {
        if (probe == null || probe.getHttpGet() == null) {
            problems.add(name + ": no HTTP " + kind + " probe");
            return;
        }
        String path = probe.getHttpGet().getPath();
        if (kind.equals("startup") ? !path.startsWith(pathPrefix) : !path.equals(pathPrefix)) {
            problems.add(name + ": " + kind + " probe on " + path + ", expected " + pathPrefix);
        }
        ContainerPort target = containerPort(List.of(c), probe.getHttpGet().getPort());
        if (target == null || target.getContainerPort() != port) {
            problems.add(name + ": " + kind + " probe port " + probe.getHttpGet().getPort().getValue() + " is not the container port " + port);
        }
    }

    private static List<String> envNames(Manifests m, Container c, List<String> problems) {
        List<String> names = new ArrayList<>();
        if (c.getEnv() != null) {
            c.getEnv().stream().map(EnvVar::getName).forEach(names::add);
        }
        if (c.getEnvFrom() != null) {
            for (EnvFromSource from : c.getEnvFrom()) {
                if (from.getConfigMapRef() == null || from.getPrefix() != null) {
                    problems.add(c.getName() + ": envFrom must be a ConfigMap without prefix, so its names can be checked");
                    continue;
                }
                m.find(ConfigMap.class, from.getConfigMapRef().getName()).ifPresentOrElse(
                        cm -> names.addAll(cm.getData().keySet()),
                        () -> problems.add(c.getName() + ": envFrom ConfigMap " + from.getConfigMapRef().getName() + " does not exist"));
            }
        }
        return names;
    }

    private static boolean hasServicePort(Manifests m, String host, int port) {
        String service = host.split("\\.")[0];
        return m.find(Service.class, service).map(s -> s.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == port)).orElse(false);
    }

    private static GenericKubernetesResource topic(Manifests m, String name) {
        return m.custom("KafkaTopic").stream()
                .filter(t -> name.equals(Objects.requireNonNullElse(t.get("spec", "topicName"), t.getMetadata().getName())))
                .findFirst().orElseThrow(() -> new AssertionError("no KafkaTopic " + name));
    }

    private static List<Object> listOf(Object value) {
        return value == null ? List.of() : new ArrayList<>((List<?>) value);
    }

    private static BigDecimal amount(Quantity q) {
        return Quantity.getAmountInBytes(q);
    }
}
