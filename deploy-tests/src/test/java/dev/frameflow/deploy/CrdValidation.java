package dev.frameflow.deploy;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.OptionalType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.Program;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A CRD's {@code x-kubernetes-validations}, compiled and evaluated with CEL for Java the way the
 * API server evaluates them on a create or an update of a custom resource, without an API server.
 *
 * <ul>
 *   <li>Every rule at every level of the version's {@code openAPIV3Schema} (properties, array
 *       items, additionalProperties) is compiled when the CRD is read; a rule that does not compile
 *       fails with its schema path, as the API server refuses such a CRD.
 *   <li>{@code self} is the value at the rule's node, typed by the schema as the API server types
 *       it ({@code integer} an int, {@code number} a double even when written {@code 10}); a rule
 *       runs only where its node has a value.
 *   <li>A transition rule (one that names {@code oldSelf}) runs only on an update, where the old
 *       object has a value at the same node (correlated through properties, map keys and the keys
 *       of {@code x-kubernetes-list-type: map} lists, never through other lists); with {@code
 *       optionalOldSelf: true} it runs on a create too, {@code oldSelf} an optional.
 *   <li>A violation is reported at the rule's node (plus its {@code fieldPath}), with {@code
 *       messageExpression}'s result, else {@code message}, else {@code failed rule: <rule>}; its
 *       type follows {@code reason} (default {@code Invalid value}).
 *   <li>Ratcheting (CRDValidationRatcheting, on by default since Kubernetes 1.30): on an update, a
 *       rule without {@code oldSelf} is not run on a node whose value did not change.
 * </ul>
 *
 * <p>What differs from the API server: rules are type-checked with {@code self} as {@code dyn} (the
 * API server derives a type from the schema), so a mistyped field access shows only when evaluated;
 * no cost budget; the OpenAPI part of the schema (required, minimum, pattern, enum) is not checked
 * here; {@code format: date-time} strings stay strings. The libraries are CEL's standard ones plus
 * strings and optional, which the API server also has; a rule using one of Kubernetes' own
 * functions (quantity, url, ip) does not compile here and says so.
 */
final class CrdValidation {

  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addCompilerLibraries(CelExtensions.strings(), CelExtensions.optional())
          .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.optional())
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", SimpleType.DYN)
          .build();
  private static final Cel CEL_OPTIONAL_OLD_SELF =
      CelFactory.standardCelBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addCompilerLibraries(CelExtensions.strings(), CelExtensions.optional())
          .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.optional())
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", OptionalType.create(SimpleType.DYN))
          .build();

  /** One violation as the API server lists it in a 422's causes: field, type and message. */
  record Violation(String field, String type, String message) {
    /** The line of {@code kubectl}'s error, e.g. {@code spec: Invalid value: "object": ...}. */
    @Override
    public String toString() {
      return field + ": " + type + ": " + message;
    }
  }

  /**
   * A rule of the CRD, compiled. {@code schemaPath} names its node as the API server names it when
   * it refuses the CRD ({@code openAPIV3Schema.properties[spec].x-kubernetes-validations[0]}).
   */
  record CompiledRule(
      String schemaPath,
      ValidationRule rule,
      boolean transition,
      Program program,
      Program messageProgram) {}

  private final String kind;
  private final JSONSchemaProps root;
  private final Map<JSONSchemaProps, List<CompiledRule>> rulesByNode = new IdentityHashMap<>();
  private final List<CompiledRule> rules = new ArrayList<>();

  private CrdValidation(CustomResourceDefinition crd, CustomResourceDefinitionVersion version) {
    this.kind = crd.getSpec().getNames().getKind();
    this.root = version.getSchema().getOpenAPIV3Schema();
    compileAll("openAPIV3Schema", root);
  }

  /** The storage version's rules of the CRD in this YAML file. */
  static CrdValidation of(Path crdYaml) {
    try {
      return of(Serialization.unmarshal(Files.readString(crdYaml), CustomResourceDefinition.class));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static CrdValidation of(CustomResourceDefinition crd) {
    return new CrdValidation(
        crd,
        crd.getSpec().getVersions().stream()
            .filter(CustomResourceDefinitionVersion::getStorage)
            .findFirst()
            .orElseThrow());
  }

  /** Every rule of the schema, in schema order (depth first). */
  List<CompiledRule> rules() {
    return List.copyOf(rules);
  }

  /** What the API server answers a create of {@code object} with (empty: created). */
  List<Violation> create(Object object) {
    return validate(object, null);
  }

  /** What the API server answers an update from {@code oldObject} to {@code object} with. */
  List<Violation> update(Object oldObject, Object object) {
    return validate(object, Objects.requireNonNull(oldObject, "oldObject"));
  }

  /**
   * The violations of {@code newObject} (a fabric8 object, a map or YAML), on an update from {@code
   * oldObjectOrNull} (null: a create).
   */
  List<Violation> validate(Object newObject, Object oldObjectOrNull) {
    Object self = typed(root, json(newObject));
    Object old = oldObjectOrNull == null ? null : typed(root, json(oldObjectOrNull));
    List<Violation> violations = new ArrayList<>();
    walk(root, "", self, oldObjectOrNull == null ? Absent.VALUE : old, violations);
    return violations;
  }

  /** Marks "no correlated old value" (a create, or an uncorrelatable list item). */
  private enum Absent {
    VALUE
  }

  private void walk(
      JSONSchemaProps node, String field, Object self, Object old, List<Violation> violations) {
    if (self == null) {
      return;
    }
    for (CompiledRule rule : rulesByNode.getOrDefault(node, List.of())) {
      evaluate(rule, node, field, self, old, violations);
    }
    if (self instanceof Map<?, ?> map) {
      Map<?, ?> oldMap = old instanceof Map<?, ?> m ? m : null;
      Map<String, JSONSchemaProps> properties =
          node.getProperties() == null ? Map.of() : node.getProperties();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String name = (String) entry.getKey();
        JSONSchemaProps child = properties.get(name);
        String childField;
        if (child != null) {
          childField = field.isEmpty() ? name : field + "." + name;
        } else if (node.getAdditionalProperties() != null
            && node.getAdditionalProperties().getSchema() != null) {
          child = node.getAdditionalProperties().getSchema();
          childField = field + "[" + name + "]";
        } else {
          continue;
        }
        Object childOld =
            oldMap != null && oldMap.containsKey(name) ? oldMap.get(name) : Absent.VALUE;
        walk(child, childField, entry.getValue(), childOld, violations);
      }
    } else if (self instanceof List<?> list
        && node.getItems() != null
        && node.getItems().getSchema() != null) {
      JSONSchemaProps items = node.getItems().getSchema();
      for (int i = 0; i < list.size(); i++) {
        walk(
            items,
            field + "[" + i + "]",
            list.get(i),
            correlatedItem(node, list.get(i), old),
            violations);
      }
    }
  }

  /** The old item with the same keys, for list-type map lists only (as the API server does). */
  private static Object correlatedItem(JSONSchemaProps list, Object item, Object old) {
    if (!"map".equals(list.getXKubernetesListType())
        || !(old instanceof List<?> oldList)
        || !(item instanceof Map<?, ?> itemMap)) {
      return Absent.VALUE;
    }
    List<String> keys = list.getXKubernetesListMapKeys();
    return oldList.stream()
        .filter(
            o ->
                o instanceof Map<?, ?> m
                    && keys.stream().allMatch(k -> Objects.equals(m.get(k), itemMap.get(k))))
        .findFirst()
        .map(o -> (Object) o)
        .orElse(Absent.VALUE);
  }

  private void evaluate(
      CompiledRule compiled,
      JSONSchemaProps node,
      String field,
      Object self,
      Object old,
      List<Violation> violations) {
    ValidationRule rule = compiled.rule();
    boolean hasOld = old != Absent.VALUE;
    boolean optionalOldSelf = Boolean.TRUE.equals(rule.getOptionalOldSelf());
    if (compiled.transition() && !hasOld && !optionalOldSelf) {
      return;
    }
    if (!compiled.transition() && hasOld && Objects.equals(self, old)) {
      return; // ratcheting: an unchanged value is not held to the rules again
    }
    Map<String, Object> activation = new LinkedHashMap<>();
    activation.put("self", self);
    if (compiled.transition()) {
      activation.put(
          "oldSelf", optionalOldSelf ? (hasOld ? Optional.of(old) : Optional.empty()) : old);
    }
    String at =
        rule.getFieldPath() == null || rule.getFieldPath().isEmpty()
            ? field
            : field + rule.getFieldPath();
    Object result;
    try {
      result = compiled.program().eval(activation);
    } catch (CelEvaluationException e) {
      violations.add(
          new Violation(
              at,
              "Invalid value",
              quoted(node) + ": " + rule.getRule() + ": evaluation error: " + e.getMessage()));
      return;
    }
    if (Boolean.TRUE.equals(result)) {
      return;
    }
    if (!(result instanceof Boolean)) {
      violations.add(
          new Violation(
              at,
              "Invalid value",
              quoted(node) + ": " + rule.getRule() + ": evaluated to " + result + ", not a bool"));
      return;
    }
    String message = message(compiled, activation);
    String reason = rule.getReason() == null ? "FieldValueInvalid" : rule.getReason();
    violations.add(
        switch (reason) {
          case "FieldValueForbidden" -> new Violation(at, "Forbidden", message);
          case "FieldValueRequired" -> new Violation(at, "Required value", message);
          case "FieldValueDuplicate" -> new Violation(at, "Duplicate value", message);
          default -> new Violation(at, "Invalid value", quoted(node) + ": " + message);
        });
  }

  /**
   * messageExpression's string when it evaluates to a non-blank one line, else message, else
   * "failed rule: rule" (the API server's fallbacks).
   */
  private static String message(CompiledRule compiled, Map<String, Object> activation) {
    ValidationRule rule = compiled.rule();
    if (compiled.messageProgram() != null) {
      try {
        Object value = compiled.messageProgram().eval(activation);
        if (value instanceof String s && !s.isBlank() && !s.contains("\n")) {
          return s;
        }
      } catch (CelEvaluationException e) {
        // the API server logs it and falls back
      }
    }
    if (rule.getMessage() != null && !rule.getMessage().isBlank()) {
      return rule.getMessage();
    }
    return "failed rule: " + rule.getRule();
  }

  /** The API server shows the schema type of the value ("object", "string", ...) for a rule. */
  private static String quoted(JSONSchemaProps node) {
    return "\"" + (node.getType() == null ? "object" : node.getType()) + "\"";
  }

  private void compileAll(String path, JSONSchemaProps node) {
    List<ValidationRule> declared = node.getXKubernetesValidations();
    if (declared != null) {
      List<CompiledRule> compiled = new ArrayList<>();
      for (int i = 0; i < declared.size(); i++) {
        CompiledRule rule = compile(path + ".x-kubernetes-validations[" + i + "]", declared.get(i));
        compiled.add(rule);
        rules.add(rule);
      }
      rulesByNode.put(node, compiled);
    }
    if (node.getProperties() != null) {
      node.getProperties()
          .forEach((name, child) -> compileAll(path + ".properties[" + name + "]", child));
    }
    if (node.getItems() != null && node.getItems().getSchema() != null) {
      compileAll(path + ".items", node.getItems().getSchema());
    }
    if (node.getAdditionalProperties() != null
        && node.getAdditionalProperties().getSchema() != null) {
      compileAll(path + ".additionalProperties", node.getAdditionalProperties().getSchema());
    }
  }

  private CompiledRule compile(String path, ValidationRule rule) {
    boolean optionalOldSelf = Boolean.TRUE.equals(rule.getOptionalOldSelf());
    Cel cel = optionalOldSelf ? CEL_OPTIONAL_OLD_SELF : CEL;
    CelAbstractSyntaxTree ast = check(cel, path + ".rule", rule.getRule());
    boolean transition =
        ast.getReferenceMap().values().stream().anyMatch(r -> "oldSelf".equals(r.name()));
    Program messageProgram = null;
    if (rule.getMessageExpression() != null) {
      messageProgram =
          program(
              cel,
              path + ".messageExpression",
              rule.getMessageExpression(),
              check(cel, path + ".messageExpression", rule.getMessageExpression()));
    }
    return new CompiledRule(
        path, rule, transition, program(cel, path + ".rule", rule.getRule(), ast), messageProgram);
  }

  private CelAbstractSyntaxTree check(Cel cel, String path, String expression) {
    if (expression == null || expression.isBlank()) {
      throw new AssertionError(kind + " CRD " + path + ": Required value: rule is not specified");
    }
    try {
      return cel.compile(expression).getAst();
    } catch (CelValidationException e) {
      throw new AssertionError(
          kind
              + " CRD "
              + path
              + ": Invalid value: \""
              + expression
              + "\": compilation failed: "
              + e.getMessage(),
          e);
    }
  }

  private Program program(Cel cel, String path, String expression, CelAbstractSyntaxTree ast) {
    try {
      return cel.createProgram(ast);
    } catch (CelEvaluationException e) {
      throw new AssertionError(
          kind + " CRD " + path + ": " + expression + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Object json(Object object) {
    if (object instanceof String yaml) {
      return Serialization.unmarshal(yaml, Map.class);
    }
    if (object instanceof Map<?, ?>) {
      return Serialization.unmarshal(Serialization.asJson(object), Map.class);
    }
    return Serialization.unmarshal(Serialization.asJson(object), Map.class);
  }

  /**
   * The value as the API server hands it to CEL: integers as int (64-bit), numbers as double (JSON
   * {@code 10} in a {@code number} field is 10.0), by the schema where it says.
   */
  private static Object typed(JSONSchemaProps node, Object value) {
    String type = node == null ? null : node.getType();
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            JSONSchemaProps child = null;
            if (node != null && node.getProperties() != null) {
              child = node.getProperties().get((String) k);
            }
            if (child == null
                && node != null
                && node.getAdditionalProperties() != null
                && node.getAdditionalProperties().getSchema() != null) {
              child = node.getAdditionalProperties().getSchema();
            }
            copy.put((String) k, typed(child, v));
          });
      return copy;
    }
    if (value instanceof List<?> list) {
      JSONSchemaProps items =
          node != null && node.getItems() != null ? node.getItems().getSchema() : null;
      return list.stream().map(v -> typed(items, v)).toList();
    }
    if (value instanceof Number n) {
      if ("number".equals(type)) {
        return n.doubleValue();
      }
      if (n instanceof Integer || n instanceof Long || n instanceof Short) {
        return n.longValue();
      }
      if ("integer".equals(type)) {
        return n.longValue();
      }
      return n.doubleValue();
    }
    return value;
  }
}
