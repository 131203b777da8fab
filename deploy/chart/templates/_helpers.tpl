{{- define "bindery.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}{{ .Release.Name | trunc 63 | trimSuffix "-" }}{{- else -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "bindery.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "bindery.labels" -}}
{{ include "bindery.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "bindery.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}{{ default (include "bindery.fullname" .) .Values.serviceAccount.name }}{{- else -}}{{ required "serviceAccount.name is required when serviceAccount.create=false" .Values.serviceAccount.name }}{{- end -}}
{{- end -}}

{{/* Pinned image: tag defaults to appVersion, "latest" is refused, a digest wins over the tag. */}}
{{- define "bindery.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag -}}
{{- if eq $tag "latest" -}}{{ fail "image.tag \"latest\" is not allowed: pin a version (default: the chart's appVersion) or set image.digest" }}{{- end -}}
{{- if .Values.image.digest -}}{{ printf "%s@%s" .Values.image.repository .Values.image.digest }}{{- else -}}{{ printf "%s:%s" .Values.image.repository $tag }}{{- end -}}
{{- end -}}

{{/* Usage source: usage.source, or automatic (prometheus if a URL is set, summary if nodes/proxy is granted, else none). */}}
{{- define "bindery.usageSource" -}}
{{- if .Values.usage.source -}}{{ .Values.usage.source }}
{{- else if .Values.usage.prometheusUrl -}}prometheus
{{- else if .Values.rbac.nodesProxy -}}summary
{{- else -}}none
{{- end -}}
{{- end -}}
