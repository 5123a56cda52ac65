package dev.sluice.e2e.harness;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesResponseComposer;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.HttpURLConnection;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD dispatcher with indexes in front of its store, so that a read costs the same with 10 objects
 * as with 10,000: objects by (plural, namespace, name), by (plural, namespace) and by plural. fabric8's own dispatcher compares the
 * request with every stored object on every GET, PUT and PATCH, which made the simulated API server, not Sluice,
 * the limit of the benchmark with a thousand rollouts (one core busy at ~400 shifts in 4 minutes).
 *
 * <p>Two more answers come from the indexes alone: a list of a kind nothing was ever stored of (pods and
 * PodDisruptionBudgets in the simulated cluster, listed on reconciles) is empty, and a cluster-scoped name that is not
 * indexed (the look-up before creating a Namespace) does not exist. fabric8 scanned every stored object for each, so
 * creating the benchmark's 10,000 namespaces took quadratic time.
 *
 * <p>Only reads take the fast path: a GET of one object, a list, and the look-up PUT/PATCH/POST make first. Every
 * write still goes through fabric8's handlers (resource versions, generation, status subresource, watch events);
 * the indexes follow each write in {@link #processEvent}, which every handler calls. Whenever an index entry does
 * not match what fabric8 holds, the request falls back to fabric8's full scan, so answers are always fabric8's.
 */
public final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {
    private static final Pattern RESOURCE_VERSION = Pattern.compile("\"resourceVersion\"\\s*:\\s*\"(\\d+)\"");

    private final Map<String, AttributeSet> byName = new ConcurrentHashMap<>();
    /** Keys {@code plural/namespace} and {@code plural/*}; a set stays (maybe empty) once its kind was stored. */
    private final Map<String, Set<AttributeSet>> byCollection = new ConcurrentHashMap<>();
    private final AtomicLong listVersion = new AtomicLong();
    /** Plurals stored with a namespace at least once: only those can match a query that names no namespace. */
    private final Set<String> namespacedPlurals = ConcurrentHashMap.newKeySet();
    /** Requests answered by fabric8's scan of every stored object (read by tests). */
    final AtomicLong fullScans = new AtomicLong();
    /** Requests served, by {@link #shape}; {@code GET /sluice-test/requests} answers them as JSON (the benchmark reads it). */
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();

    static final String REQUESTS_PATH = "/sluice-test/requests";

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (REQUESTS_PATH.equals(request.getPath())) {
            StringBuilder json = new StringBuilder("{");
            new java.util.TreeMap<>(requests).forEach((shape, n) -> json.append(json.length() > 1 ? "," : "")
                    .append('"').append(shape).append("\":").append(n.get()));
            return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(json.append('}').toString());
        }
        requests.computeIfAbsent(shape(request.getMethod(), request.getPath()), k -> new AtomicLong()).incrementAndGet();
        return super.dispatch(request);
    }

    /**
     * What a request did, without its namespace and name: {@code PUT rollouts/status}, {@code POST events},
     * {@code WATCH replicasets}, {@code LIST services}.
     */
    static String shape(String method, String path) {
        int q = path.indexOf('?');
        String query = q < 0 ? "" : path.substring(q);
        List<String> segments = new ArrayList<>(List.of((q < 0 ? path : path.substring(0, q)).split("/")));
        segments.removeIf(String::isEmpty);
        int skip = !segments.isEmpty() && "api".equals(segments.get(0)) ? 2 : 3; // api/v1 or apis/GROUP/VERSION
        List<String> rest = segments.subList(Math.min(skip, segments.size()), segments.size());
        if (rest.size() >= 3 && "namespaces".equals(rest.get(0))) {
            rest = rest.subList(2, rest.size()); // a namespaced object; "namespaces/NS" alone is the namespace itself
        }
        if (rest.isEmpty()) {
            return method + " " + String.join("/", segments);
        }
        String verb = query.contains("watch=true") ? "WATCH" : "GET".equals(method) && rest.size() == 1 ? "LIST" : method;
        return verb + " " + rest.get(0) + (rest.size() > 2 ? "/" + rest.get(2) : "");
    }

    /** TokenReview and SubjectAccessReview get an answer ({@link AccessReviews}); everything else is stored. */
    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        if (!AccessReviews.isReview(request.getPath())) {
            return super.handleCreate(request); // reading the body here would drain it
        }
        return AccessReviews.answer(request.getPath(), request.getUtf8Body())
                .map(body -> new MockResponse().setResponseCode(HttpURLConnection.HTTP_CREATED).setBody(body))
                .orElseGet(() -> new MockResponse().setResponseCode(HttpURLConnection.HTTP_BAD_REQUEST));
    }

    @Override
    public MockResponse handleGet(String path) {
        if (path.contains("watch=true")) {
            return super.handleGet(path);
        }
        AttributeSet query = getAttributeExtractor().fromPath(path);
        String plural = value(query, KubernetesAttributesExtractor.PLURAL);
        if (plural == null) {
            return scan(path);
        }
        if (query.containsKey(KubernetesAttributesExtractor.NAME)) {
            Map.Entry<AttributeSet, String> found = findResource(query);
            if (found == null) {
                return new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND);
            }
            return found.getValue() == null ? scan(path)
                    : new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(found.getValue());
        }
        if (!byCollection.containsKey(collectionKey(plural, null))) {
            // a kind never stored: an empty list; an API discovery path that only parses like a list: fabric8 answers
            return isCollectionPath(path) ? list(List.of()) : scan(path);
        }
        Set<AttributeSet> candidates = byCollection.getOrDefault(
                collectionKey(plural, value(query, KubernetesAttributesExtractor.NAMESPACE)), Set.of());
        List<String> items = new ArrayList<>();
        for (AttributeSet key : candidates) {
            if (key.matches(query)) {
                String body = getMap().get(key);
                if (body == null) {
                    return scan(path); // changed under us: let fabric8 answer under its lock
                }
                items.add(body);
            }
        }
        return list(items);
    }

    private MockResponse list(List<String> items) {
        return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK)
                .setBody(((KubernetesResponseComposer) getResponseComposer()).compose(items, String.valueOf(listVersion.get())));
    }

    private MockResponse scan(String path) {
        fullScans.incrementAndGet();
        return super.handleGet(path);
    }

    private Map.Entry<AttributeSet, String> scan(AttributeSet query) {
        fullScans.incrementAndGet();
        return super.findResource(query);
    }

    /**
     * {@code /api/v1/[namespaces/NS/]PLURAL} or {@code /apis/GROUP/VERSION/[namespaces/NS/]PLURAL}, as opposed to a
     * discovery path ({@code /api/v1}, {@code /apis/GROUP/VERSION}).
     */
    static boolean isCollectionPath(String path) {
        int query = path.indexOf('?');
        String[] segments = (query < 0 ? path : path.substring(0, query)).split("/");
        return segments.length >= 4 && "api".equals(segments[1]) || segments.length >= 5 && "apis".equals(segments[1]);
    }

    /** The stored entry for a query naming one object; {@code null} when there is none; fabric8's scan when unsure. */
    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
        String key = nameKey(query);
        if (key == null) {
            return scan(query);
        }
        AttributeSet stored = byName.get(key);
        if (stored == null) {
            // a query without a namespace may still name a namespaced object (fabric8 decides), unless no object of its
            // kind was ever stored with a namespace: then the index, which holds every cluster-scoped name, is complete
            if (query.containsKey(KubernetesAttributesExtractor.NAMESPACE)
                    || !namespacedPlurals.contains(value(query, KubernetesAttributesExtractor.PLURAL))) {
                return null;
            }
            return scan(query);
        }
        String body = getMap().get(stored);
        if (body == null || !stored.matches(query)) {
            return scan(query);
        }
        return new AbstractMap.SimpleImmutableEntry<>(stored, body);
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
            GenericKubernetesResource resource, String newState) {
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        if (oldAttributes != null) {
            forget(oldAttributes);
        }
        if (newState != null) { // the key fabric8 just stored the new state under, computed as it does
            KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) getAttributeExtractor();
            AttributeSet stored = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
            if (!stored.containsKey(KubernetesAttributesExtractor.PLURAL)) {
                stored = AttributeSet.merge(pathAttributes, stored);
            }
            if (getMap().containsKey(stored)) {
                remember(stored);
            }
            Matcher version = RESOURCE_VERSION.matcher(newState);
            if (version.find()) {
                listVersion.accumulateAndGet(Long.parseLong(version.group(1)), Math::max);
            }
        }
    }

    @Override
    public void reset() {
        super.reset();
        byName.clear();
        byCollection.clear();
        namespacedPlurals.clear();
    }

    private void remember(AttributeSet stored) {
        String key = nameKey(stored);
        if (key != null) {
            byName.put(key, stored);
        }
        for (String collection : collections(stored)) {
            byCollection.computeIfAbsent(collection, c -> ConcurrentHashMap.newKeySet()).add(stored);
        }
        if (value(stored, KubernetesAttributesExtractor.NAMESPACE) != null) {
            namespacedPlurals.add(value(stored, KubernetesAttributesExtractor.PLURAL));
        }
    }

    private void forget(AttributeSet stored) {
        String key = nameKey(stored);
        if (key != null) {
            byName.remove(key, stored);
        }
        for (String collection : collections(stored)) {
            byCollection.getOrDefault(collection, Set.of()).remove(stored);
        }
    }

    private static List<String> collections(AttributeSet stored) {
        String plural = value(stored, KubernetesAttributesExtractor.PLURAL);
        if (plural == null) {
            return List.of();
        }
        String namespace = value(stored, KubernetesAttributesExtractor.NAMESPACE);
        return namespace == null ? List.of(collectionKey(plural, null))
                : List.of(collectionKey(plural, null), collectionKey(plural, namespace));
    }

    private static String collectionKey(String plural, String namespace) {
        return plural + '/' + (namespace == null ? "*" : namespace);
    }

    /** {@code plural/namespace/name} of an attribute set naming one object, else {@code null}. */
    private static String nameKey(AttributeSet attributes) {
        String plural = value(attributes, KubernetesAttributesExtractor.PLURAL);
        String name = value(attributes, KubernetesAttributesExtractor.NAME);
        if (plural == null || name == null) {
            return null;
        }
        String namespace = value(attributes, KubernetesAttributesExtractor.NAMESPACE);
        return plural + '/' + (namespace == null ? "" : namespace) + '/' + name;
    }

    private static String value(AttributeSet attributes, String key) {
        Attribute attribute = attributes.getAttribute(key);
        return attribute == null || attribute.getValues().size() != 1 ? null : attribute.getValues().get(0).toString();
    }
}
