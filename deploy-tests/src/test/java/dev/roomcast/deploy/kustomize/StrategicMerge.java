package dev.roomcast.deploy.kustomize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The part of Kubernetes' strategic merge patch that our overlays use, with kustomize's rules:
 * maps merge key by key, a null value deletes the key, lists named in {@link #MERGE_KEYS} merge their
 * elements by that key, every other list is replaced. For custom resources (an API group that is
 * not a built-in one) kustomize has no schema and applies a JSON merge patch: every list replaced.
 * Directives ({@code $patch}, {@code $setElementOrder}, ...) are refused rather than misapplied.
 */
public final class StrategicMerge {
    private StrategicMerge() {}

    /** Field name → merge key of its list elements (from the Kubernetes API's patchMergeKey). */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers", "name",
            "initContainers", "name",
            "env", "name",
            "volumes", "name",
            "volumeMounts", "name",
            "imagePullSecrets", "name",
            "volumeClaimTemplates", "metadata.name",
            "ports", "containerPort|port");

    /** Merges {@code patch} into a copy of {@code target}; {@code strategic} false = JSON merge patch. */
    public static Map<String, Object> apply(Map<String, Object> target, Map<String, Object> patch, boolean strategic) {
        return mergeMaps(target, patch, strategic);
    }

    private static Map<String, Object> mergeMaps(Map<String, Object> target, Map<String, Object> patch, boolean strategic) {
        Map<String, Object> out = new LinkedHashMap<>(target);
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("$")) {
                throw new IllegalArgumentException("patch directive " + key + " is not supported by deploy-tests' kustomize subset");
            }
            Object value = e.getValue();
            Object current = out.get(key);
            if (value == null) {
                out.remove(key);
            } else if (value instanceof Map<?, ?> && current instanceof Map<?, ?>) {
                out.put(key, mergeMaps(Yamls.asMap(current), Yamls.asMap(value), strategic));
            } else if (strategic && value instanceof List<?> && current instanceof List<?> && MERGE_KEYS.containsKey(key)) {
                out.put(key, mergeLists(key, Yamls.asList(current), Yamls.asList(value)));
            } else {
                out.put(key, value);
            }
        }
        return out;
    }

    private static List<Object> mergeLists(String field, List<Object> target, List<Object> patch) {
        List<Object> out = new ArrayList<>(target);
        for (Object item : patch) {
            if (!(item instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("list " + field + " must hold mappings to merge");
            }
            Map<String, Object> patchItem = Yamls.asMap(item);
            String key = keyOf(field, patchItem);
            Object id = read(patchItem, key);
            int index = -1;
            for (int i = 0; i < out.size(); i++) {
                if (out.get(i) instanceof Map<?, ?> m && Objects.equals(read(Yamls.asMap(m), key), id)) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                out.add(patchItem);
            } else {
                out.set(index, mergeMaps(Yamls.asMap(out.get(index)), patchItem, true));
            }
        }
        return out;
    }

    private static String keyOf(String field, Map<String, Object> item) {
        for (String candidate : MERGE_KEYS.get(field).split("\\|")) {
            if (read(item, candidate) != null) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("an element of " + field + " has no merge key " + MERGE_KEYS.get(field));
    }

    private static Object read(Map<String, Object> item, String dottedKey) {
        Object value = item;
        for (String part : dottedKey.split("\\.")) {
            if (!(value instanceof Map<?, ?> m)) {
                return null;
            }
            value = m.get(part);
        }
        return value;
    }
}
