using Improv.Inference.Model;
using Improv.Inference.Step;

namespace Improv.TestSupport;

/// <summary>
/// The bundled models/default, loaded and opened in ONNX Runtime once for a whole test class (a class fixture):
/// loading checks two graphs' checksums and builds two sessions, which costs more than most tests that play it.
/// </summary>
public sealed class DefaultModelFixture : IDisposable
{
    public DefaultModelFixture()
    {
        Package = ModelPackage.Load(Repository.DefaultModel);
        Session = new StepSession(Package);
    }

    public ModelPackage Package { get; }

    /// <summary>The shared session: a test that plays it calls <see cref="FreshSession"/> first.</summary>
    public StepSession Session { get; }

    /// <summary>The session with its state back at zero, as a newly opened one starts.</summary>
    public StepSession FreshSession()
    {
        Session.Reset();
        return Session;
    }

    public void Dispose()
    {
        Session.Dispose();
        Package.Dispose();
    }
}
