package dev.roomcast.deploy.compose;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.roomcast.deploy.Repo;
import dev.roomcast.deploy.ServiceEnv;
import dev.roomcast.deploy.kustomize.Yamls;

/** The checks on docker-compose.yml, each returning the problems it finds (none = pass). */
final class ComposeChecks {
    private ComposeChecks() {}

    static final Set<String> INFRA = Set.of("kafka", "redis");
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::?-([^}]*))?}");
    private static final Pattern URL = Pattern.compile("^(?:[a-z]+://)?([a-z0-9-]+):(\\d+)");

    static Map<String, Object> services(Map<String, Object> compose) {
        return Yamls.asMap(compose.get("services"));
    }

    static Map<String, Object> service(Map<String, Object> compose, String name) {
        return Yamls.asMap(services(compose).get(name));
    }

    /** The service's environment as a map, list form included, with ${X:-default} replaced by its default. */
    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object raw = service.get("environment");
        if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : interpolate(String.valueOf(v))));
        } else if (raw instanceof List<?> list) {
            for (Object item : list) {
                String[] kv = String.valueOf(item).split("=", 2);
                env.put(kv[0], kv.length > 1 ? interpolate(kv[1]) : "");
            }
        }
        return env;
    }

    static String interpolate(String value) {
        Matcher m = INTERPOLATION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
        }
        m.appendTail(out);
        return out.toString();
    }

    static List<String> serviceSet(Map<String, Object> compose, ServiceEnv contract) {
        Set<String> expected = new TreeSet<>(contract.services().keySet());
        expected.addAll(INFRA);
        Set<String> actual = new TreeSet<>(services(compose).keySet());
        return expected.equals(actual) ? List.of() : List.of("services are " + actual + ", expected " + expected);
    }

    static List<String> builds(Map<String, Object> compose, ServiceEnv contract) {
        List<String> problems = new ArrayList<>();
        for (String name : contract.services().keySet()) {
            Object build = service(compose, name).get("build");
            if (!(build instanceof Map<?, ?> b) || !name.equals(b.get("context"))
                    || !"src/main/docker/Dockerfile.jvm".equals(b.get("dockerfile"))) {
                problems.add(name + " must build from context " + name + " with src/main/docker/Dockerfile.jvm, has " + build);
            } else if (!Files.isRegularFile(Repo.resolve(name + "/src/main/docker/Dockerfile.jvm"))) {
                problems.add(name + "/src/main/docker/Dockerfile.jvm does not exist");
            }
        }
        return problems;
    }

    static List<String> healthchecks(Map<String, Object> compose, ServiceEnv contract) {
        List<String> problems = new ArrayList<>();
        for (String name : services(compose).keySet()) {
            Object check = service(compose, name).get("healthcheck");
            if (!(check instanceof Map<?, ?> hc) || hc.get("test") == null) {
                problems.add(name + " has no healthcheck");
                continue;
            }
            String test = String.valueOf(hc.get("test"));
            if (contract.services().containsKey(name)) {
                String url = "http://localhost:" + contract.service(name).port() + "/q/health/ready";
                if (!test.contains(url)) {
                    problems.add(name + " healthcheck must probe " + url + ": " + test);
                }
            }
        }
        return problems;
    }

    static List<String> dependencies(Map<String, Object> compose) {
        List<String> problems = new ArrayList<>();
        for (String name : services(compose).keySet()) {
            Object deps = service(compose, name).get("depends_on");
            if (deps == null) {
                continue;
            }
            if (!(deps instanceof Map<?, ?> map)) {
                problems.add(name + ": depends_on must be the long form with conditions");
                continue;
            }
            map.forEach((dep, spec) -> {
                if (!services(compose).containsKey(String.valueOf(dep))) {
                    problems.add(name + " depends on unknown service " + dep);
                } else if (!(spec instanceof Map<?, ?> s) || !"service_healthy".equals(s.get("condition"))) {
                    problems.add(name + " -> " + dep + " must use condition: service_healthy");
                } else if (service(compose, String.valueOf(dep)).get("healthcheck") == null) {
                    problems.add(name + " waits for " + dep + " to be healthy, but it has no healthcheck");
                }
            });
        }
        return problems;
    }

    static List<String> envNames(Map<String, Object> compose, ServiceEnv contract) {
        List<String> problems = new ArrayList<>();
        for (String name : contract.services().keySet()) {
            Set<String> allowed = contract.allowedEnv(name);
            for (String env : environment(service(compose, name)).keySet()) {
                if (!allowed.contains(env)) {
                    problems.add(name + " sets " + env + ", which " + name + " does not read (service-env.json)");
                }
            }
        }
        return problems;
    }

    /** host:port values in the app services' environment name a compose service it waits for, on the right port. */
    static List<String> addresses(Map<String, Object> compose, ServiceEnv contract) {
        Map<String, Integer> ports = new LinkedHashMap<>(Map.of("kafka", 9092, "redis", 6379));
        contract.services().forEach((n, s) -> ports.put(n, s.port()));
        List<String> problems = new ArrayList<>();
        for (String name : contract.services().keySet()) {
            Map<String, Object> service = service(compose, name);
            Object deps = service.get("depends_on");
            Set<String> waitsFor = deps instanceof Map<?, ?> m ? new TreeSet<>(m.keySet().stream().map(String::valueOf).toList()) : Set.of();
            environment(service).forEach((key, value) -> {
                if (!key.endsWith("_URL") && !key.equals("KAFKA_BOOTSTRAP_SERVERS") || key.equals("PUBLIC_URL")) {
                    return;
                }
                Matcher m = URL.matcher(value);
                if (!m.find() || !ports.containsKey(m.group(1))) {
                    problems.add(name + " " + key + "=" + value + " names no compose service");
                } else if (ports.get(m.group(1)) != Integer.parseInt(m.group(2))) {
                    problems.add(name + " " + key + "=" + value + ": " + m.group(1) + " listens on " + ports.get(m.group(1)));
                } else if (!waitsFor.contains(m.group(1))) {
                    problems.add(name + " uses " + m.group(1) + " but does not wait for it (depends_on)");
                }
            });
        }
        return problems;
    }

    static List<String> gatewayPublished(Map<String, Object> compose) {
        Object ports = service(compose, "gateway").get("ports");
        boolean ok = ports instanceof List<?> list && list.contains("127.0.0.1:8080:8080");
        List<String> problems = new ArrayList<>();
        if (!ok) {
            problems.add("gateway must publish 127.0.0.1:8080:8080, has " + ports);
        }
        for (String name : services(compose).keySet()) {
            if (!name.equals("gateway") && service(compose, name).get("ports") != null) {
                problems.add(name + " publishes ports; only the gateway faces the host");
            }
        }
        return problems;
    }

    static List<String> kafka(Map<String, Object> compose) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> kafka = service(compose, "kafka");
        if (!String.valueOf(kafka.get("image")).matches("apache/kafka:4\\.1\\.\\d+")) {
            problems.add("kafka must be the official apache/kafka:4.1.x image, is " + kafka.get("image"));
        }
        Map<String, String> env = environment(kafka);
        String roles = env.getOrDefault("KAFKA_PROCESS_ROLES", "");
        if (!roles.contains("broker") || !roles.contains("controller")) {
            problems.add("kafka must run KRaft broker and controller in one node: KAFKA_PROCESS_ROLES=" + roles);
        }
        if (!env.getOrDefault("KAFKA_ADVERTISED_LISTENERS", "").contains("//kafka:9092")) {
            problems.add("kafka must advertise kafka:9092, the address the services use");
        }
        return problems;
    }

    static List<String> redis(Map<String, Object> compose) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> redis = service(compose, "redis");
        List<String> command = redis.get("command") instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                : List.of(String.valueOf(redis.get("command")).split("\\s+"));
        int i = command.indexOf("--appendonly");
        if (i < 0 || i + 1 >= command.size() || !command.get(i + 1).equals("yes")) {
            problems.add("redis must run with --appendonly yes: " + command);
        }
        Object volumes = redis.get("volumes");
        Object declared = compose.get("volumes");
        boolean persisted = volumes instanceof List<?> list && list.stream().map(String::valueOf).anyMatch(v -> {
            String[] parts = v.split(":");
            return parts.length >= 2 && parts[1].equals("/data") && declared instanceof Map<?, ?> d && d.containsKey(parts[0]);
        });
        if (!persisted) {
            problems.add("redis /data must be a named volume declared under volumes: " + volumes);
        }
        return problems;
    }
}
