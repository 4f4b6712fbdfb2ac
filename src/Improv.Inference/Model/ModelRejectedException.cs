namespace Improv.Inference.Model;

/// <summary>A model folder that this build must not play: the message names the folder and what is wrong.</summary>
public sealed class ModelRejectedException(string message) : Exception(message);
