package dev.roomcast.deploy.kustomize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The kustomize subset")
class KustomizeTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  containers: [{name: web, image: "roomcast/web:latest"}]
            """;

    @Test
    @DisplayName("renders a base through an overlay: patch, images rewritten, namespace set")
    void overlay(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("base"));
        Files.createDirectories(dir.resolve("prod"));
        Files.writeString(dir.resolve("base/web.yaml"), DEPLOYMENT);
        Files.writeString(dir.resolve("base/kustomization.yaml"), "resources: [web.yaml]\n");
        Files.writeString(dir.resolve("prod/replicas.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n");
        Files.writeString(dir.resolve("prod/kustomization.yaml"), """
                namespace: live
                resources: [../base]
                patches: [{path: replicas.yaml}]
                images: [{name: roomcast/web, newName: registry.example/web, newTag: "1.2"}]
                """);
        List<Map<String, Object>> out = Kustomize.build(dir.resolve("prod"));
        assertEquals(1, out.size());
        Map<String, Object> spec = Yamls.asMap(out.get(0).get("spec"));
        assertEquals(3, spec.get("replicas"));
        assertEquals("live", Yamls.asMap(out.get(0).get("metadata")).get("namespace"));
        Map<String, Object> container = Yamls.asMap(Yamls.asList(Yamls.asMap(Yamls.asMap(spec.get("template")).get("spec")).get("containers")).get(0));
        assertEquals("registry.example/web:1.2", container.get("image"));
    }

    @Test
    @DisplayName("refuses a patch whose target does not exist")
    void missingTarget(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("web.yaml"), DEPLOYMENT);
        Files.writeString(dir.resolve("p.yaml"), "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec: {replicas: 3}\n");
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [web.yaml]\npatches: [{path: p.yaml}]\n");
        assertThrows(IllegalArgumentException.class, () -> Kustomize.build(dir));
    }
}
