using Dvpn.Control.Server.Authorization;
using Dvpn.Control.Server.Tests.Probe;
using Grpc.Core;

namespace Dvpn.Control.Server.Tests;

/// <summary>Answers every call with who the server thinks called it.</summary>
internal sealed class ProbeService : Probe.Probe.ProbeBase
{
    public static readonly MethodAccessTable Access = new(
    [
        new("/dvpn.control.test.Probe/Read", ControlRole.ReadOnly),
        new("/dvpn.control.test.Probe/Change", ControlRole.Admin),
    ]);

    public override Task<ProbeReply> Read(ProbeRequest request, ServerCallContext context) => Task.FromResult(Describe(context));

    public override Task<ProbeReply> Change(ProbeRequest request, ServerCallContext context) => Task.FromResult(Describe(context));

    public override Task<ProbeReply> Unlisted(ProbeRequest request, ServerCallContext context) => Task.FromResult(Describe(context));

    private static ProbeReply Describe(ServerCallContext context)
    {
        var access = context.GetCallerAccess();
        var reply = new ProbeReply
        {
            Uid = access.Identity.Uid,
            Gid = access.Identity.Gid,
            Pid = access.Identity.Pid,
            Role = access.Role.ToString(),
            Redacted = context.MustRedactSecrets(),
        };
        reply.Groups.AddRange(access.Identity.SupplementaryGroups);
        return reply;
    }
}
