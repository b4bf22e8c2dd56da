namespace Platform.Pipelines.Engine;

/// <summary>A template or condition could not be evaluated when its step started.</summary>
public sealed class TemplateException(string message) : Exception(message);
