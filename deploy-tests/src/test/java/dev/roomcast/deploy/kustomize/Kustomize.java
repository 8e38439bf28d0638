package dev.roomcast.deploy.kustomize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the subset k8s/ uses:
 * {@code resources} (files and directories with their own kustomization), {@code namespace}, and
 * {@code patches} given as strategic-merge patch files found by kind and name, and {@code images}
 * (what {@code kustomize edit set image} writes). Anything else in a
 * kustomization.yaml is an error, so a new kustomize feature in k8s/ fails the tests loudly instead
 * of being skipped silently; teach this class the feature in the same change.
 */
public final class Kustomize {
    private Kustomize() {}

    private static final Set<String> SUPPORTED_FIELDS = Set.of("apiVersion", "kind", "resources", "namespace", "patches", "images");
    /** API groups that are Kubernetes' own: patched strategically. Others (Strimzi) get a JSON merge patch. */
    private static final Set<String> BUILT_IN_GROUPS = Set.of("", "apps", "autoscaling", "policy", "networking.k8s.io", "batch");

    /** The rendered resources of the kustomization in {@code dir}, in kustomize's order of appearance. */
    public static List<Map<String, Object>> build(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(dir + " has no kustomization.yaml");
        }
        Map<String, Object> kustomization = Yamls.readOne(file);
        for (String field : kustomization.keySet()) {
            if (!SUPPORTED_FIELDS.contains(field)) {
                throw new IllegalArgumentException(file + ": field '" + field + "' is not supported by deploy-tests' kustomize subset");
            }
        }
        List<Map<String, Object>> resources = new ArrayList<>();
        for (Object entry : listOf(kustomization, "resources")) {
            Path path = dir.resolve(String.valueOf(entry)).normalize();
            if (Files.isDirectory(path)) {
                resources.addAll(build(path));
            } else if (Files.isRegularFile(path)) {
                resources.addAll(Yamls.readAll(path));
            } else {
                throw new IllegalArgumentException(file + ": resource " + entry + " does not exist");
            }
        }
        requireUniqueIds(file, resources);
        for (Object entry : listOf(kustomization, "patches")) {
            Map<String, Object> patchEntry = Yamls.asMap(entry);
            if (!patchEntry.keySet().equals(Set.of("path"))) {
                throw new IllegalArgumentException(file + ": only patches with a 'path' are supported, got " + patchEntry.keySet());
            }
            Path patchFile = dir.resolve(String.valueOf(patchEntry.get("path"))).normalize();
            applyPatch(resources, patchFile, Yamls.readOne(patchFile));
        }
        for (Object entry : listOf(kustomization, "images")) {
            setImage(resources, Yamls.asMap(entry));
        }
        Object namespace = kustomization.get("namespace");
        if (namespace != null) {
            for (int i = 0; i < resources.size(); i++) {
                Map<String, Object> resource = new LinkedHashMap<>(resources.get(i));
                Map<String, Object> metadata = new LinkedHashMap<>(Yamls.asMap(resource.get("metadata")));
                metadata.put("namespace", namespace);
                resource.put("metadata", metadata);
                resources.set(i, resource);
            }
        }
        return resources;
    }

    /** kind/name of a resource, the key kustomize finds patch targets by. */
    public static String id(Map<String, Object> resource) {
        Object metadata = resource.get("metadata");
        Object name = metadata instanceof Map<?, ?> m ? m.get("name") : null;
        if (resource.get("kind") == null || name == null) {
            throw new IllegalArgumentException("a resource lacks kind or metadata.name: " + resource);
        }
        return resource.get("kind") + "/" + name;
    }

    private static void applyPatch(List<Map<String, Object>> resources, Path patchFile, Map<String, Object> patch) {
        String id = id(patch);
        String group = group(patch);
        int found = -1;
        for (int i = 0; i < resources.size(); i++) {
            if (id(resources.get(i)).equals(id) && group(resources.get(i)).equals(group)) {
                found = i;
            }
        }
        if (found < 0) {
            throw new IllegalArgumentException(patchFile + ": no resource " + id + " to patch");
        }
        Map<String, Object> body = new LinkedHashMap<>(patch);
        body.remove("apiVersion");
        body.remove("kind");
        resources.set(found, StrategicMerge.apply(resources.get(found), body, BUILT_IN_GROUPS.contains(group)));
    }

    /** Rewrites every container image named {@code name} to {@code newName}/{@code newTag}/{@code digest}. */
    private static void setImage(List<Map<String, Object>> resources, Map<String, Object> rule) {
        String name = String.valueOf(rule.get("name"));
        for (Map<String, Object> resource : resources) {
            Object spec = resource.get("spec");
            Object template = spec instanceof Map<?, ?> s ? s.get("template") : null;
            Object podSpec = template instanceof Map<?, ?> t ? t.get("spec") : null;
            if (!(podSpec instanceof Map<?, ?> pod)) {
                continue;
            }
            for (String field : List.of("containers", "initContainers")) {
                Object containers = pod.get(field);
                for (Object c : containers == null ? List.of() : Yamls.asList(containers)) {
                    Map<String, Object> container = Yamls.asMap(c);
                    String image = String.valueOf(container.get("image"));
                    String[] nameAndRest = image.split("(?=[@:])", 2);
                    if (!nameAndRest[0].equals(name)) {
                        continue;
                    }
                    String newName = rule.get("newName") == null ? name : String.valueOf(rule.get("newName"));
                    String suffix = nameAndRest.length > 1 ? nameAndRest[1] : "";
                    if (rule.get("digest") != null) {
                        suffix = "@" + rule.get("digest");
                    } else if (rule.get("newTag") != null) {
                        suffix = ":" + rule.get("newTag");
                    }
                    container.put("image", newName + suffix);
                }
            }
        }
    }

    private static String group(Map<String, Object> resource) {
        String apiVersion = String.valueOf(resource.get("apiVersion"));
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    private static void requireUniqueIds(Path file, List<Map<String, Object>> resources) {
        Set<String> seen = new HashSet<>();
        for (Map<String, Object> resource : resources) {
            if (!seen.add(group(resource) + ":" + id(resource))) {
                throw new IllegalArgumentException(file + ": resource " + id(resource) + " appears twice");
            }
        }
    }

    private static List<Object> listOf(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value == null ? List.of() : Yamls.asList(value);
    }
}
