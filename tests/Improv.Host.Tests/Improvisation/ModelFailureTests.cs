using System.Buffers.Binary;
using System.Diagnostics.Metrics;
using Improv.Host.Improvisation;
using Improv.Host.Midi.Input;
using Improv.Host.Midi.Output;
using Improv.Host.Telemetry;
using Improv.Inference.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Improv.Host.Tests.Improvisation;

/// <summary>
/// A model whose steps give no finite logit (a copy of the default model with every float weight of its step graph set
/// to NaN, as a diverged training run would export) plays through the real improviser in ONNX Runtime: each failed
/// step is a rest and a counted drop, nothing throws, and the same script with the intact model answers.
/// </summary>
public sealed class ModelFailureTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("improv-nan-model-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(ImprovisationMode.CallAndResponse)]
    [InlineData(ImprovisationMode.Duet)]
    public void AModelWithoutFiniteLogits_RestsAndCountsEachFailedStep_WhereTheIntactModelAnswers(ImprovisationMode mode)
    {
        var intact = Perform(PlayerScript.DefaultModel, mode);
        Assert.True(intact.NoteOns > 0, "the intact model did not answer: the script cannot tell a broken model from a quiet one");
        Assert.Equal(0, intact.Failures);

        var broken = Perform(NanCopyOfDefaultModel(), mode);
        Assert.Equal(0, broken.NoteOns);
        // A failure each time the improviser wanted a note, but at most one per rest (100 ms) and per note event heard
        // (each wakes the voice early): a broken model is not asked again every tick.
        Assert.InRange(broken.Failures, 5, broken.Seconds / 0.1 + 2 * 12 + 2);
    }

    private static (int NoteOns, long Failures, double Seconds) Perform(string model, ImprovisationMode mode)
    {
        using var loaded = new LoadedModel(model);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new ImprovMetrics(services.GetRequiredService<IMeterFactory>());
        var options = new ImprovisationOptions { Seed = 7, MinAnswerSeconds = 2, MaxAnswerSeconds = 2 };
        var voice = new ModelVoice(loaded.Session, options.Seed!.Value) { Steering = Steering.From(options) };
        var improviser = new Improviser(new PlayingModel(voice, loaded), options, mode, originTicks: 0, metrics);
        var schedule = new OutputSchedule(metrics);
        var phrase = PlayerScript.TestSplitPhrase(12);
        var seconds = phrase.Max(n => n.End) + 4;
        var planned = SimulatedClock.Perform(improviser, schedule, SimulatedClock.Played(phrase), seconds);
        return (planned.Count(e => e.Kind == LiveEventKind.NoteOn), metrics.Dropped[DropReason.ModelStep], seconds);
    }

    /// <summary>The default model with its step graph's float initializers all NaN, and the manifest's hash made to match.</summary>
    private string NanCopyOfDefaultModel()
    {
        foreach (var file in Directory.GetFiles(PlayerScript.DefaultModel))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        var step = Path.Combine(folder, "step.onnx");
        var bytes = File.ReadAllBytes(step);
        var before = ModelPackage.Sha256Of(bytes);
        Assert.True(OnnxInitializers.FillFloats(bytes, float.NaN) > 0, "no float initializer found in step.onnx");
        File.WriteAllBytes(step, bytes);
        var manifest = Path.Combine(folder, ModelManifest.FileName);
        var text = File.ReadAllText(manifest);
        Assert.Contains(before, text);
        File.WriteAllText(manifest, text.Replace(before, ModelPackage.Sha256Of(bytes), StringComparison.Ordinal));
        return folder;
    }

    /// <summary>
    /// Just enough of the ONNX protobuf wire format to overwrite the float initializers' raw data in place (same length,
    /// so no length prefix changes): ModelProto.graph (7) -> GraphProto.initializer (5) -> TensorProto data_type (2),
    /// raw_data (9). Hand-written because the test project carries no protobuf schema, and four field numbers suffice.
    /// </summary>
    private static class OnnxInitializers
    {
        private const int FloatType = 1;

        public static int FillFloats(Span<byte> model, float value)
        {
            var filled = 0;
            foreach (var (field, start, length) in Fields(model))
            {
                if (field != 7)
                {
                    continue;
                }

                var graph = model.Slice(start, length);
                foreach (var (graphField, tensorStart, tensorLength) in Fields(graph))
                {
                    if (graphField == 5)
                    {
                        filled += FillTensor(graph.Slice(tensorStart, tensorLength), value);
                    }
                }
            }

            return filled;
        }

        private static int FillTensor(Span<byte> tensor, float value)
        {
            int type = 0, rawStart = -1, rawLength = 0;
            var position = 0;
            while (position < tensor.Length)
            {
                var key = ReadVarint(tensor, ref position);
                var (field, wire) = ((int)(key >> 3), (int)(key & 7));
                if (field == 2 && wire == 0)
                {
                    type = (int)ReadVarint(tensor, ref position);
                    continue;
                }

                var (start, length) = Skip(tensor, wire, ref position);
                if (field == 9)
                {
                    (rawStart, rawLength) = (start, length);
                }
            }

            if (type != FloatType || rawStart < 0)
            {
                return 0;
            }

            for (var i = rawStart; i + 4 <= rawStart + rawLength; i += 4)
            {
                BinaryPrimitives.WriteSingleLittleEndian(tensor[i..], value);
            }

            return 1;
        }

        /// <summary>Each length-delimited field of a message: its number and where its bytes lie.</summary>
        private static List<(int Field, int Start, int Length)> Fields(ReadOnlySpan<byte> message)
        {
            var fields = new List<(int, int, int)>();
            var position = 0;
            while (position < message.Length)
            {
                var key = ReadVarint(message, ref position);
                var wire = (int)(key & 7);
                var (start, length) = Skip(message, wire, ref position);
                if (wire == 2)
                {
                    fields.Add(((int)(key >> 3), start, length));
                }
            }

            return fields;
        }

        private static (int Start, int Length) Skip(ReadOnlySpan<byte> message, int wire, ref int position)
        {
            var start = position;
            switch (wire)
            {
                case 0:
                    ReadVarint(message, ref position);
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    start = position;
                    position += length;
                    return (start, length);
                case 5:
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"protobuf wire type {wire} at byte {position}: not an ONNX model");
            }

            return (start, position - start);
        }

        private static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int position)
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = bytes[position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }
        }
    }
}
