package dev.sluice.controller.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.function.Supplier;

/**
 * JSON merge patches in one request. fabric8's {@code withName(name).patch(context, json)} first GETs the object
 * (it needs an item to build the request from), which doubled the requests of every scale and Service switch; a patch
 * on {@code resource(named(...))} takes the name and namespace from the given item and sends the PATCH alone. A
 * missing object is still a 404 from the PATCH itself.
 */
public final class Patches {
    public static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

    private Patches() {
    }

    /** An object with only a name and namespace: the item a patch is addressed by. */
    public static <T extends HasMetadata> T named(Supplier<T> type, String namespace, String name) {
        T item = type.get();
        item.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        return item;
    }
}
