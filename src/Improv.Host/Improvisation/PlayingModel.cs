namespace Improv.Host.Improvisation;

/// <summary>A model's voice and what holds its ONNX Runtime session open: handed to the improviser, and back when it retires.</summary>
public sealed record PlayingModel(ModelVoice Voice, IDisposable Model);
