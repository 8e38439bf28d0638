package dev.roomcast.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The contract between the services and their deployments: which port each service listens on and
 * which environment variables it reads (src/test/resources/service-env.json, the one list to update
 * when a service starts reading a new variable).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServiceEnv(List<String> imageEnv, Map<String, Service> services) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Service(int port, List<String> env) {}

    public static ServiceEnv load() {
        try (InputStream in = ServiceEnv.class.getResourceAsStream("/service-env.json")) {
            if (in == null) {
                throw new IllegalStateException("service-env.json is missing");
            }
            ServiceEnv loaded = new ObjectMapper().readValue(in, ServiceEnv.class);
            return new ServiceEnv(List.copyOf(loaded.imageEnv()), new TreeMap<>(loaded.services()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Service service(String name) {
        Service service = services.get(name);
        if (service == null) {
            throw new AssertionError("service-env.json has no service '" + name + "'");
        }
        return service;
    }

    /** The names a container of {@code service} may set: what the service reads plus what its image's entrypoint reads. */
    public Set<String> allowedEnv(String service) {
        Set<String> allowed = new HashSet<>(service(service).env());
        allowed.addAll(imageEnv);
        return allowed;
    }
}
