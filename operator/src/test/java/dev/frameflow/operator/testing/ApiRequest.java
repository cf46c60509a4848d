package dev.frameflow.operator.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A Kubernetes API request as the API server's authorizer sees it (its "request info"): verb, API
 * group, resource, subresource, namespace and name, read from the method and path.
 */
record ApiRequest(
    boolean resourceRequest,
    String verb,
    String group,
    String resource,
    String subresource,
    String namespace,
    String name) {

  static ApiRequest of(String method, String pathAndQuery) {
    int question = pathAndQuery.indexOf('?');
    String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
    String query = question < 0 ? "" : pathAndQuery.substring(question + 1);
    List<String> parts =
        List.of(path.replaceAll("^/+|/+$", "").split("/")).stream()
            .map(part -> URLDecoder.decode(part, StandardCharsets.UTF_8))
            .toList();
    int at;
    String group;
    if (parts.size() >= 2 && parts.get(0).equals("api")) {
      group = "";
      at = 2;
    } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      at = 3;
    } else {
      return new ApiRequest(false, method.toLowerCase(), null, null, null, null, null);
    }
    if (parts.size() <= at) {
      // discovery of a group version: what every authenticated user may read
      return new ApiRequest(false, method.toLowerCase(), group, null, null, null, null);
    }
    String namespace = null;
    if (parts.get(at).equals("namespaces") && parts.size() > at + 2) {
      namespace = parts.get(at + 1);
      at += 2;
    }
    String resource = parts.get(at);
    String name = parts.size() > at + 1 ? parts.get(at + 1) : null;
    String subresource = parts.size() > at + 2 ? parts.get(at + 2) : null;
    boolean watch = query.matches("(^|.*&)watch=(true|1)(&.*|$)");
    String verb =
        switch (method) {
          case "GET", "HEAD" -> watch ? "watch" : name == null ? "list" : "get";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> name == null ? "deletecollection" : "delete";
          default -> method.toLowerCase();
        };
    return new ApiRequest(true, verb, group, resource, subresource, namespace, name);
  }

  /** {@code jobs.batch} or {@code pods/log}, as RBAC rules name resources. */
  String qualifiedResource() {
    return subresource == null ? resource : resource + "/" + subresource;
  }

  @Override
  public String toString() {
    return verb
        + " "
        + (group == null || group.isEmpty() ? "" : group + "/")
        + qualifiedResource()
        + (namespace == null ? " (cluster-wide)" : " in namespace " + namespace)
        + (name == null ? "" : " named " + name);
  }
}
