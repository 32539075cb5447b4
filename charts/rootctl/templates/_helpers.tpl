{{/* Chart name, truncated to the DNS label limit. */}}
{{- define "rootctl.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release full name; the release name alone when it already contains the chart name. */}}
{{- define "rootctl.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "rootctl.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Standard labels (app.kubernetes.io/*) on every object. */}}
{{- define "rootctl.labels" -}}
helm.sh/chart: {{ include "rootctl.chart" . }}
{{ include "rootctl.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: rootctl
{{- end }}

{{- define "rootctl.selectorLabels" -}}
app.kubernetes.io/name: {{ include "rootctl.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: controller
{{- end }}

{{- define "rootctl.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "rootctl.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* repository:tag, or repository:tag@digest when image.digest pins it. */}}
{{- define "rootctl.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- with .Values.image.digest }}{{ printf "@%s" . }}{{ end }}
{{- end }}

{{/* The folder of the audit log, where the audit volume is mounted. */}}
{{- define "rootctl.auditLogDir" -}}
{{- dir .Values.controller.auditLog.path }}
{{- end }}

{{- define "rootctl.auditLogClaim" -}}
{{- default (printf "%s-audit" (include "rootctl.fullname" .)) .Values.controller.auditLog.persistence.existingClaim }}
{{- end }}

{{/* Fails the render unless the audit log lands on a writable volume (the root filesystem is
     read-only): the chart's claim, or one of controller.extraVolumeMounts that is not read-only. */}}
{{- define "rootctl.checkAuditLog" -}}
{{- $audit := .Values.controller.auditLog }}
{{- if and $audit.enabled (not $audit.persistence.enabled) }}
{{- $path := $audit.path }}
{{- $mounted := false }}
{{- range .Values.controller.extraVolumeMounts }}
{{- $m := trimSuffix "/" .mountPath }}
{{- if and (hasPrefix (printf "%s/" $m) $path) (not .readOnly) }}
{{- $mounted = true }}
{{- end }}
{{- end }}
{{- if not $mounted }}
{{- fail (printf "controller.auditLog.path %s is not on a writable volume: set controller.auditLog.persistence.enabled=true, or mount a volume of yours on its folder with extraVolumes and controller.extraVolumeMounts" $path) }}
{{- end }}
{{- end }}
{{- end }}

{{/* Where the controller reads the desired state. */}}
{{- define "rootctl.desiredStatePath" -}}
{{- if .Values.gitSync.enabled }}
{{- $p := trimAll "/" .Values.gitSync.path }}
{{- if $p }}{{ printf "/git/repo/%s" $p }}{{ else }}/git/repo{{ end }}
{{- else }}/etc/rootctl/desired-state
{{- end }}
{{- end }}

{{- define "rootctl.desiredStateConfigMap" -}}
{{- default (printf "%s-desired-state" (include "rootctl.fullname" .)) .Values.desiredState.existingConfigMap }}
{{- end }}

{{/* The controller's command line after the image ENTRYPOINT, one argument per line. */}}
{{- define "rootctl.controllerArgs" -}}
- controller
- --desired-state
- {{ include "rootctl.desiredStatePath" . | quote }}
- --interval
- {{ .Values.controller.interval | quote }}
- --resync
- {{ .Values.controller.resync | quote }}
- --mode
- {{ .Values.controller.mode | quote }}
- --listen
- {{ printf "0.0.0.0:%d" (int .Values.controller.port) | quote }}
- --region
- {{ .Values.aws.region | quote }}
{{- with .Values.aws.profile }}
- --profile
- {{ . | quote }}
{{- end }}
{{- with .Values.aws.endpointUrl }}
- --endpoint-url
- {{ . | quote }}
{{- end }}
{{- with .Values.controller.rates }}
- --rate
{{- $pairs := list }}
{{- range $key, $rate := . }}
{{- $pairs = append $pairs (printf "%s=%v" $key $rate) }}
{{- end }}
- {{ join "," $pairs | quote }}
{{- end }}
- --no-color
- --log-format
- {{ .Values.controller.logFormat | quote }}
{{- if .Values.controller.auditLog.enabled }}
- --audit-log
- {{ .Values.controller.auditLog.path | quote }}
{{- end }}
{{- range until (int .Values.controller.verbosity) }}
- -v
{{- end }}
{{- range .Values.controller.extraArgs }}
- {{ . | quote }}
{{- end }}
{{- end }}
