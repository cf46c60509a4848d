{{/*
Prefix of every object name: fullnameOverride, else the release name (when it already contains
the chart name, e.g. "frameflow"), else "<release>-<nameOverride or chart name>". Two releases in
one namespace get distinct objects ("a-frameflow-api-gateway", "b-frameflow-api-gateway").
Truncated to 40 characters so that "<prefix>-api-gateway" stays within 63.
*/}}
{{- define "frameflow.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end }}

{{/* Labels every object carries (with the selector labels of its component). */}}
{{- define "frameflow.labels" -}}
app.kubernetes.io/part-of: frameflow
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{/* Selector labels of one component: (dict "root" $ "component" "api-gateway"). */}}
{{- define "frameflow.selectorLabels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{- define "frameflow.componentLabels" -}}
{{ include "frameflow.labels" .root }}
{{ include "frameflow.selectorLabels" . }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Image reference: registry/repository:tag[@digest]. "latest" is refused here as well as in the
schema, so a --set that bypasses the schema still fails.
(dict "root" $ "image" .Values.apiGateway.image)
*/}}
{{- define "frameflow.image" -}}
{{- $tag := default .root.Chart.AppVersion .image.tag -}}
{{- if eq $tag "latest" -}}
{{- fail (printf "image %s: the tag \"latest\" is not allowed, pin a version" .image.repository) -}}
{{- end -}}
{{- $repo := .image.repository -}}
{{- if .root.Values.imageRegistry -}}
{{- $repo = printf "%s/%s" (trimSuffix "/" .root.Values.imageRegistry) .image.repository -}}
{{- end -}}
{{- if .image.digest -}}
{{- printf "%s:%s@%s" $repo $tag .image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repo $tag -}}
{{- end -}}
{{- end }}

{{/* ServiceAccount annotations with the optional IRSA role. (dict "sa" .Values.x.serviceAccount) */}}
{{- define "frameflow.serviceAccountAnnotations" -}}
{{- $annotations := deepCopy (default dict .sa.annotations) -}}
{{- if .sa.roleArn -}}
{{- $_ := set $annotations "eks.amazonaws.com/role-arn" .sa.roleArn -}}
{{- end -}}
{{- if $annotations }}
annotations:
  {{- toYaml $annotations | nindent 2 }}
{{- end }}
{{- end }}

{{/*
The broker login of one service, each from its own Secret (a user per service, with only its own
permissions and routing keys). (dict "credentials" .Values.rabbitmq.credentials.apiGateway)
*/}}
{{- define "frameflow.brokerSecretEnv" -}}
{{- with .credentials }}
{{- if .existingSecret }}
- name: SPRING_RABBITMQ_USERNAME
  valueFrom:
    secretKeyRef: {name: {{ .existingSecret }}, key: {{ .usernameKey }}}
- name: SPRING_RABBITMQ_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ .existingSecret }}, key: {{ .passwordKey }}}
{{- end }}
{{- end }}
{{- end }}

{{/* The S3 static credentials, only for S3-compatible stores without IRSA. */}}
{{- define "frameflow.s3SecretEnv" -}}
{{- with .Values.s3 }}
{{- if .existingSecret }}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef: {name: {{ .existingSecret }}, key: {{ .accessKeyIdKey }}}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef: {name: {{ .existingSecret }}, key: {{ .secretAccessKeyKey }}}
{{- end }}
{{- end }}
{{- end }}

{{/* Writable scratch space: the root filesystem is read-only. */}}
{{- define "frameflow.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
{{- end }}

{{- define "frameflow.probes" -}}
startupProbe:
  httpGet: {path: /actuator/health/liveness, port: http}
  periodSeconds: 5
  failureThreshold: 36
livenessProbe:
  httpGet: {path: /actuator/health/liveness, port: http}
  periodSeconds: 10
  failureThreshold: 3
readinessProbe:
  httpGet: {path: /actuator/health/readiness, port: http}
  periodSeconds: 5
  failureThreshold: 3
{{- end }}

{{/* NetworkPolicy port list: (dict "ports" (list 443) "protocol" "TCP") */}}
{{- define "frameflow.ports" -}}
{{- range .ports }}
- protocol: TCP
  port: {{ . }}
{{- end }}
{{- end }}

{{/* ConfigMap entries both applications read (docs/configuration.md, "Shared"). */}}
{{- define "frameflow.sharedConfig" -}}
SPRING_RABBITMQ_HOST: {{ .Values.rabbitmq.host | quote }}
SPRING_RABBITMQ_PORT: {{ .Values.rabbitmq.port | quote }}
SPRING_RABBITMQ_VIRTUAL_HOST: {{ .Values.rabbitmq.virtualHost | quote }}
SPRING_RABBITMQ_SSL_ENABLED: {{ .Values.rabbitmq.ssl | quote }}
FRAMEFLOW_S3_REGION: {{ .Values.s3.region | quote }}
{{- if .Values.s3.endpoint }}
FRAMEFLOW_S3_ENDPOINT: {{ .Values.s3.endpoint | quote }}
{{- end }}
FRAMEFLOW_S3_PATH_STYLE: {{ .Values.s3.pathStyle | quote }}
FRAMEFLOW_S3_UPLOAD_BUCKET: {{ .Values.s3.uploadBucket | quote }}
FRAMEFLOW_S3_RESULT_BUCKET: {{ .Values.s3.resultBucket | quote }}
{{- with .Values.tracing.otlpEndpoint }}
MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT: {{ printf "%s/v1/traces" (trimSuffix "/" .) | quote }}
{{- end }}
{{- end }}

{{/*
The origin (scheme://host[:port]) of the presigned source URLs the api-gateway hands the
frame-server, as the gateway's S3 client builds them: frameServer.sourceOrigin when set; else
s3.endpoint's origin (path style) or https://<uploadBucket>.s3.<region>.amazonaws.com (AWS,
virtual-hosted); with an endpoint but no path style, the bucket is a subdomain of its host.
*/}}
{{- define "frameflow.frameServerSourceOrigin" -}}
{{- $s3 := .Values.s3 -}}
{{- if .Values.frameServer.sourceOrigin -}}
{{- trimSuffix "/" .Values.frameServer.sourceOrigin -}}
{{- else if $s3.endpoint -}}
{{- $url := urlParse $s3.endpoint -}}
{{- if $s3.pathStyle -}}
{{- printf "%s://%s" $url.scheme $url.host -}}
{{- else -}}
{{- printf "%s://%s.%s" $url.scheme $s3.uploadBucket $url.host -}}
{{- end -}}
{{- else if $s3.pathStyle -}}
{{- printf "https://s3.%s.amazonaws.com" $s3.region -}}
{{- else -}}
{{- printf "https://%s.s3.%s.amazonaws.com" $s3.uploadBucket $s3.region -}}
{{- end -}}
{{- end }}

{{/* Where the api-gateway finds the frame-server: its Service, cluster-internal HTTP. */}}
{{- define "frameflow.frameServerUrl" -}}
{{- printf "http://%s-frame-server.%s.svc:8080" (include "frameflow.fullname" .) .Release.Namespace -}}
{{- end }}
