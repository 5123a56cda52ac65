package dev.sluice.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sluice.api.rollout.Rollout;
import dev.sluice.cli.CliError;
import dev.sluice.cli.KubeOptions;
import dev.sluice.cli.kube.Cluster;
import io.fabric8.kubernetes.api.model.Container;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "set", description = "Change a rollout's pod template.", subcommands = SetCommand.Image.class, mixinStandardHelpOptions = true)
public class SetCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "image", mixinStandardHelpOptions = true,
            description = "Set a container's image: a new revision that rolls out through the rollout's steps.",
            footer = {"", "Examples:", "  kubectl sluice set image checkout app=registry.example/checkout:1.4.2",
                    "  kubectl sluice set image checkout app=checkout:2 sidecar=envoy:1.30"})
    public static class Image implements Callable<Integer> {
        @Mixin
        KubeOptions kube;
        @Parameters(index = "0", paramLabel = "NAME", description = "The rollout.")
        String name;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "CONTAINER=IMAGE", description = "Container name and image.")
        List<String> images;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Cluster cluster = kube.connect()) {
                Rollout r = cluster.rollout(name);
                ActionCommands.requireTemplate(r);
                cluster.jsonPatch(name, patch(r, images));
                spec.commandLine().getOut().printf("rollout '%s' image updated: %s%n", name, String.join(" ", images));
                spec.commandLine().getOut().flush();
                return 0;
            }
        }
    }

    /** A JSON patch setting each container's image, guarded by a test of the container's name at its index. Pure. */
    public static String patch(Rollout r, List<String> assignments) {
        ArrayNode patch = JSON.createArrayNode();
        List<Container> containers = r.getSpec().template.getSpec().getContainers();
        List<Container> inits = r.getSpec().template.getSpec().getInitContainers();
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0 || eq == assignment.length() - 1) {
                throw new CliError("'" + assignment + "' is not CONTAINER=IMAGE");
            }
            String container = assignment.substring(0, eq);
            String image = assignment.substring(eq + 1);
            String path = index(containers, container, "/spec/template/spec/containers/");
            if (path == null) {
                path = index(inits, container, "/spec/template/spec/initContainers/");
            }
            if (path == null) {
                throw new CliError("rollout '" + r.getMetadata().getName() + "' has no container '" + container + "' (containers: "
                        + String.join(", ", containers.stream().map(Container::getName).toList()) + ")");
            }
            patch.addObject().put("op", "test").put("path", path + "/name").put("value", container);
            patch.addObject().put("op", "replace").put("path", path + "/image").put("value", image);
        }
        return patch.toString();
    }

    private static String index(List<Container> containers, String name, String prefix) {
        for (int i = 0; containers != null && i < containers.size(); i++) {
            if (name.equals(containers.get(i).getName())) {
                return prefix + i;
            }
        }
        return null;
    }
}
