package dev.roomcast.gateway.web;

import dev.roomcast.gateway.config.GatewayConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * {@code /ca.crt}: the local CA of {@code ./run --lan} (TLS_CA_FILE), for a phone to download and
 * trust; the type makes iOS offer it as a profile and Android save it for "Install certificate".
 * 404 when no CA is configured (every other mode).
 */
@Path("/ca.crt")
public class CaCertificateResource {
    static final String TYPE = "application/x-x509-ca-cert";

    private final Optional<java.nio.file.Path> file;

    public CaCertificateResource(GatewayConfig config) {
        this.file = config.caCertificateFile();
    }

    @GET
    @Produces(TYPE)
    public byte[] caCertificate() {
        if (file.isEmpty() || !Files.isRegularFile(file.get())) {
            throw new NotFoundException();
        }
        try {
            return Files.readAllBytes(file.get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
