package dev.roomcast.deploy.kustomize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

@DisplayName("The strategic merge of the kustomize subset")
class StrategicMergeTest {

    private static Map<String, Object> yaml(String text) {
        return Yamls.asMap(new Yaml().load(text));
    }

    @Test
    @DisplayName("merges containers and env by name, keeping the elements the patch does not name")
    void mergesByName() {
        Map<String, Object> target = yaml("""
                containers:
                  - name: a
                    image: a:1
                    env: [{name: X, value: "1"}, {name: Y, value: "2"}]
                  - name: b
                    image: b:1
                """);
        Map<String, Object> patch = yaml("""
                containers:
                  - name: a
                    env: [{name: Y, value: "3"}, {name: Z, value: "4"}]
                """);
        assertEquals(yaml("""
                containers:
                  - name: a
                    image: a:1
                    env: [{name: X, value: "1"}, {name: Y, value: "3"}, {name: Z, value: "4"}]
                  - name: b
                    image: b:1
                """), StrategicMerge.apply(target, patch, true));
    }

    @Test
    @DisplayName("replaces lists without a merge key, and every list of a custom resource")
    void replacesOtherLists() {
        Map<String, Object> target = yaml("{args: [a, b], volumes: [{name: v, emptyDir: {}}]}");
        Map<String, Object> patch = yaml("{args: [c], volumes: [{name: w, emptyDir: {}}]}");
        assertEquals(yaml("{args: [c], volumes: [{name: v, emptyDir: {}}, {name: w, emptyDir: {}}]}"),
                StrategicMerge.apply(target, patch, true));
        assertEquals(patch, StrategicMerge.apply(target, patch, false));
    }

    @Test
    @DisplayName("deletes a key patched to null and refuses $patch directives")
    void nullsAndDirectives() {
        assertEquals(yaml("{a: 1}"), StrategicMerge.apply(yaml("{a: 1, b: 2}"), yaml("{b: null}"), true));
        assertThrows(IllegalArgumentException.class,
                () -> StrategicMerge.apply(yaml("{a: {b: 1}}"), yaml("{a: {$patch: replace, b: 2}}"), true));
    }
}
