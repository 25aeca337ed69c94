package dev.ecsdeployer.iam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The statements of the Lambda role in {@code template.yaml}: resource {@code DeployerRole}'s
 * inline policies, and any {@code AWS::IAM::Policy} / {@code AWS::IAM::RolePolicy} attached to it.
 * CloudFormation's short-form tags ({@code !Sub}, {@code !GetAtt}, {@code !Split}, {@code !Ref} …)
 * read as their long forms ({@code {"Fn::Sub": …}}, {@code {"Ref": …}}). An action that is not a
 * plain string (an intrinsic function) cannot be checked and is an error, not a pass.
 */
public final class DeployerRolePolicy {

    public static final String ROLE = "DeployerRole";

    private DeployerRolePolicy() {
    }

    public static List<PolicyStatement> fromTemplate(Path template) {
        try {
            return fromTemplate(Files.readString(template));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + template, e);
        }
    }

    @SuppressWarnings("unchecked")
    public static List<PolicyStatement> fromTemplate(String yaml) {
        return fromTemplate(yaml, ROLE);
    }

    /** The statements of the role with logical id {@code roleId} (another template's role). */
    @SuppressWarnings("unchecked")
    public static List<PolicyStatement> fromTemplate(String yaml, String roleId) {
        Map<String, Object> root = new Yaml(new CloudFormationConstructor()).load(yaml);
        Map<String, Object> resources = (Map<String, Object>) root.get("Resources");
        Map<String, Object> role = resources == null ? null : (Map<String, Object>) resources.get(roleId);
        if (role == null || !"AWS::IAM::Role".equals(role.get("Type"))) {
            throw new IllegalStateException("the template has no AWS::IAM::Role " + roleId);
        }
        List<PolicyStatement> statements = new ArrayList<>();
        Map<String, Object> properties = (Map<String, Object>) role.getOrDefault("Properties", Map.of());
        for (Object policy : (List<Object>) properties.getOrDefault("Policies", List.of())) {
            statements.addAll(statements(((Map<String, Object>) policy).get("PolicyDocument")));
        }
        for (Object value : resources.values()) {
            Map<String, Object> resource = (Map<String, Object>) value;
            Object type = resource.get("Type");
            if ("AWS::IAM::Policy".equals(type) || "AWS::IAM::RolePolicy".equals(type)) {
                Map<String, Object> p = (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
                Object roles = p.containsKey("Roles") ? p.get("Roles") : List.of(p.getOrDefault("RoleName", ""));
                if (((List<Object>) roles).contains(Map.of("Ref", roleId))) {
                    statements.addAll(statements(p.get("PolicyDocument")));
                }
            }
        }
        if (statements.isEmpty()) {
            throw new IllegalStateException(ROLE + " has no policy statements");
        }
        return statements;
    }

    @SuppressWarnings("unchecked")
    private static List<PolicyStatement> statements(Object document) {
        Object raw = ((Map<String, Object>) document).get("Statement");
        List<Object> list = raw instanceof List<?> l ? (List<Object>) l : List.of(raw);
        List<PolicyStatement> result = new ArrayList<>();
        for (Object o : list) {
            Map<String, Object> s = (Map<String, Object>) o;
            String sid = String.valueOf(s.getOrDefault("Sid", "(no Sid)"));
            Object resource = s.get("Resource");
            boolean unconditional = !s.containsKey("Condition") && !s.containsKey("NotResource")
                    && ("*".equals(resource) || List.of("*").equals(resource));
            result.add(new PolicyStatement(sid, String.valueOf(s.get("Effect")), strings(sid, s.get("Action")),
                    strings(sid, s.get("NotAction")), unconditional));
        }
        return result;
    }

    private static List<String> strings(String sid, Object value) {
        if (value == null) {
            return List.of();
        }
        List<?> items = value instanceof List<?> l ? l : List.of(value);
        List<String> out = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof String text)) {
                throw new IllegalStateException("statement " + sid + ": action " + item
                        + " is not a plain string; the check cannot read it");
            }
            out.add(text);
        }
        return out;
    }

    /** SnakeYAML's safe constructor, plus every {@code !Tag} read as CloudFormation's long form. */
    static final class CloudFormationConstructor extends SafeConstructor {

        CloudFormationConstructor() {
            super(new LoaderOptions());
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue().substring(1);
                    String key = tag.equals("Ref") || tag.equals("Condition") ? tag : "Fn::" + tag;
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = constructScalar(scalar);
                    } else if (node instanceof SequenceNode sequence) {
                        value = constructSequence(sequence);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    return Map.of(key, value);
                }
            });
        }
    }
}
