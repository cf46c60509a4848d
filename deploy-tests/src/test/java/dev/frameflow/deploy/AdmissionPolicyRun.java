package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.Program;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rendered ValidatingAdmissionPolicy run as the API server runs it, without an API server: its
 * matchConditions, then its variables in order, then each validation, with CEL for Java over the
 * object as JSON. An expression that fails to evaluate denies (every policy here is {@code
 * failurePolicy: Fail}).
 *
 * <p>What differs from the API server: objects are JSON maps rather than schema-typed, so
 * expressions are type-checked only as far as CEL's own functions go. {@code has(x.f)} behaves the
 * same on both for fields that are absent or present.
 */
final class AdmissionPolicyRun {

  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("object", SimpleType.DYN)
          .addVar("oldObject", SimpleType.DYN)
          .addVar("params", SimpleType.DYN)
          .addVar("variables", SimpleType.DYN)
          .addVar("request", SimpleType.DYN)
          .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  private record Variable(String name, Program program) {}

  private record Validation(String expression, Program program, String message, Program dynamic) {}

  private final List<Program> matchConditions = new ArrayList<>();
  private final List<Variable> variables = new ArrayList<>();
  private final List<Validation> validations = new ArrayList<>();

  @SuppressWarnings("unchecked")
  private AdmissionPolicyRun(HasMetadata policy) {
    Map<String, Object> spec =
        (Map<String, Object>)
            Serialization.unmarshal(Serialization.asJson(policy), Map.class).get("spec");
    for (Map<String, String> condition :
        (List<Map<String, String>>) spec.getOrDefault("matchConditions", List.of())) {
      matchConditions.add(compile(condition.get("expression")));
    }
    for (Map<String, String> variable :
        (List<Map<String, String>>) spec.getOrDefault("variables", List.of())) {
      variables.add(new Variable(variable.get("name"), compile(variable.get("expression"))));
    }
    for (Map<String, String> validation :
        (List<Map<String, String>>) spec.getOrDefault("validations", List.of())) {
      String messageExpression = validation.get("messageExpression");
      validations.add(
          new Validation(
              validation.get("expression"),
              compile(validation.get("expression")),
              validation.get("message"),
              messageExpression == null ? null : compile(messageExpression)));
    }
    assertThat(validations).as("validations of %s", policy.getMetadata().getName()).isNotEmpty();
  }

  static AdmissionPolicyRun of(HasMetadata policy) {
    return new AdmissionPolicyRun(policy);
  }

  /** Whether a CREATE by this user is one the policy looks at (all its matchConditions true). */
  boolean matches(String username) {
    Map<String, Object> context = Map.of("request", request(username));
    return matchConditions.stream().allMatch(c -> Boolean.TRUE.equals(eval(c, context)));
  }

  /**
   * The messages of the validations a CREATE of {@code object} breaks, with these parameters (the
   * ConfigMap's data); empty when the object is admitted.
   */
  List<String> denials(HasMetadata object, Map<String, String> params, String username) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("object", json(object));
    context.put("params", Map.of("data", params));
    context.put("request", request(username));
    Map<String, Object> values = new LinkedHashMap<>();
    context.put("variables", values);
    for (Variable variable : variables) {
      values.put(variable.name(), eval(variable.program(), context));
    }
    List<String> denials = new ArrayList<>();
    for (Validation validation : validations) {
      Object result;
      try {
        result = validation.program().eval(context);
      } catch (CelEvaluationException e) {
        denials.add("evaluation error in " + validation.expression() + ": " + e.getMessage());
        continue;
      }
      assertThat(result).as(validation.expression()).isInstanceOf(Boolean.class);
      if (!(Boolean) result) {
        denials.add(
            validation.dynamic() == null
                ? validation.message()
                : (String) eval(validation.dynamic(), context));
      }
    }
    return denials;
  }

  private static Map<String, Object> request(String username) {
    return Map.of("operation", "CREATE", "userInfo", Map.of("username", username));
  }

  private static Program compile(String expression) {
    try {
      CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
      return RUNTIME.createProgram(ast);
    } catch (CelValidationException | CelEvaluationException e) {
      throw new AssertionError("CEL does not compile: " + expression, e);
    }
  }

  private static Object eval(Program program, Map<String, ?> context) {
    try {
      return program.eval(context);
    } catch (CelEvaluationException e) {
      throw new AssertionError(e);
    }
  }

  /** The object as the API server's CEL sees it: JSON, with integers as CEL's int (64-bit). */
  private static Object json(HasMetadata object) {
    return normalise(Serialization.unmarshal(Serialization.asJson(object), Map.class));
  }

  private static Object normalise(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put((String) k, normalise(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(AdmissionPolicyRun::normalise).toList();
    }
    if (value instanceof Integer i) {
      return i.longValue();
    }
    return value;
  }
}
