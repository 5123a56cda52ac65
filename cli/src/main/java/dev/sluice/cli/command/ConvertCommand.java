package dev.sluice.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.sluice.cli.CliError;
import dev.sluice.cli.convert.Converter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert Argo Rollouts (Rollout, AnalysisTemplate, ClusterAnalysisTemplate) and Flagger (Canary, MetricTemplate) "
                + "manifests to Sluice objects. The YAML goes to stdout; the report of everything not carried over exactly goes to "
                + "stderr (exit 0; exit 3 with --strict when something needs review). Works offline.",
        footer = {"", "Examples:", "  kubectl sluice convert -f rollout.yaml -f analysis.yaml > sluice.yaml",
                "  kubectl sluice convert -f flagger/podinfo-canary.yaml --strict", "  kubectl get rollouts.argoproj.io -o yaml | kubectl sluice convert -f -"})
public class ConvertCommand implements Callable<Integer> {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    @Option(names = {"-f", "--filename"}, required = true, description = "A manifest file (YAML, several documents allowed, or a List); - for stdin.")
    List<String> files;
    @Option(names = "--strict", description = "Exit 3 when any note needs review.")
    boolean strict;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        for (String f : files) {
            String text = f.equals("-") ? new String(System.in.readAllBytes()) : read(Path.of(f));
            docs.addAll(documents(text, f));
        }
        Converter.Result result = Converter.convert(docs);
        PrintWriter out = spec.commandLine().getOut();
        out.print(yaml(result.objects()));
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        if (result.notes().isEmpty()) {
            err.println("# converted " + result.objects().size() + " object(s) exactly");
        } else {
            err.println("# converted " + result.objects().size() + " object(s); not carried over exactly:");
            result.notes().forEach(n -> err.println("#   " + n));
        }
        err.flush();
        return strict && result.notes().stream().anyMatch(n -> n.severity().equals("review") || n.severity().equals("dropped")) ? 3 : 0;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new CliError("cannot read " + p + ": " + e.getMessage());
        }
    }

    /** Every document of a multi-document YAML, with List items flattened. */
    public static List<JsonNode> documents(String text, String origin) {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(text)) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode doc = it.next();
                if (doc != null && doc.path("kind").asText().endsWith("List")) {
                    doc.path("items").forEach(docs::add);
                } else if (doc != null && !doc.isNull()) {
                    docs.add(doc);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new CliError(origin + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return docs;
    }

    public static String yaml(List<ObjectNode> objects) {
        StringBuilder b = new StringBuilder();
        for (ObjectNode o : objects) {
            try {
                b.append("---\n").append(YAML.writeValueAsString(o));
            } catch (IOException e) {
                throw new CliError("cannot write YAML: " + e.getMessage());
            }
        }
        return b.toString();
    }
}
