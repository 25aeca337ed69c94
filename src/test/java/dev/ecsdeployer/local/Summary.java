package dev.ecsdeployer.local;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;

/** Renders the handler's JSON response as a few readable lines: what the deployer did. */
final class Summary {

    private static final int MAX_DIFFERENCES = 8;

    private Summary() {
    }

    static void print(PrintStream out, JsonNode r) {
        String status = r.path("status").asText();
        if ("rejected".equals(status)) {
            out.println("      rejected: " + r.path("error").asText());
            return;
        }
        if (r.hasNonNull("ignored")) {
            out.println("      ignored: " + r.path("ignored").asText());
        }
        if (r.hasNonNull("outcome")) {
            out.printf("      deployment %s of %s on %s: %s%s%n", r.path("deploymentId").asText(),
                    r.path("service").asText(), r.path("cluster").asText(), r.path("outcome").asText(),
                    r.path("reason").asText("").isEmpty() ? "" : " (" + r.path("reason").asText() + ")");
        }
        if (r.has("summary")) {
            JsonNode s = r.path("summary");
            out.printf("      checked %d service(s): %d drifted, %d difference(s)%n", s.path("checked").asInt(),
                    s.path("drifted").asInt(), s.path("differences").asInt());
        }
        for (JsonNode s : r.path("services")) {
            out.printf("      %s/%s: %s%s%n", s.path("environment").asText(), s.path("service").asText(),
                    s.path("status").asText(), extra(s));
            if (s.path("applied").size() > 0) {
                for (JsonNode a : s.path("applied")) {
                    out.println("        applied  " + a.asText());
                }
            } else {
                for (JsonNode c : s.path("plan")) {
                    out.printf("        plan     %s %s %s%n", c.path("action").asText().toLowerCase(),
                            c.path("resource").asText(), c.path("target").asText());
                }
            }
            differences(out, s.path("differences"));
            for (JsonNode e : s.path("errors")) {
                out.println("        error    " + e.asText());
            }
        }
    }

    private static String extra(JsonNode s) {
        StringBuilder b = new StringBuilder();
        if (!s.path("image").asText("").isEmpty()) {
            b.append("  image ").append(s.path("image").asText());
        }
        if (!s.path("deploymentId").asText("").isEmpty()) {
            b.append("  deployment ").append(s.path("deploymentId").asText());
        }
        return b.toString();
    }

    private static void differences(PrintStream out, JsonNode diffs) {
        int shown = 0;
        for (JsonNode d : diffs) {
            if (shown++ == MAX_DIFFERENCES) {
                out.printf("        … and %d more difference(s)%n", diffs.size() - MAX_DIFFERENCES);
                return;
            }
            out.printf("        differs  %s: desired %s, actual %s%n", d.path("path").asText(),
                    d.path("desired"), d.path("actual"));
        }
    }
}
