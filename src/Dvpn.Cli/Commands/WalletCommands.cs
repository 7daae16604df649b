using System.CommandLine;
using Dvpn.Control.V1;

namespace Dvpn.Cli.Commands;

/// <summary>wallet show/fund/warn/withdraw/tx/estimate (WalletService).</summary>
internal static class WalletCommands
{
    public static Command Create() => new("wallet", "the lottery account: balances, deposits, withdrawals")
    {
        Show(), Fund(), Warn(), Withdraw(), Transaction(), Estimate(),
    };

    private static Command Show() =>
        new Command("show", "addresses, balances, and a pending withdrawal with its unlock time").WithCall(call =>
            TunnelCommands.PrintAsync(call, call.Wallet.GetWalletAsync(new GetWalletRequest(), call.Options), (o, w) => Text.Pairs(o,
                ("funder", w.Funder),
                ("signer", w.Signer),
                ("token", w.Token == "0x0000000000000000000000000000000000000000" ? "native coin" : w.Token),
                ("funder balance", Text.Amount(w.FunderBalance, "?")),
                ("balance", Text.Amount(w.Balance, "0 ETH")),
                ("escrow", Text.Amount(w.Escrow, "0 ETH")),
                ("warned", w.UnlockAt is null
                    ? "no withdrawal pending"
                    : $"{Text.Amount(w.WarnedBalance, "0 ETH")} balance, {Text.Amount(w.WarnedEscrow, "0 ETH")} escrow, unlocks {Text.Time(w.UnlockAt)}"),
                ("money moves", w.CanMoveMoney ? "from here (dvpnd holds the funder's key)" : "not from here (dvpnd does not hold the funder's key)"))));

    private static Command Fund()
    {
        var amount = AmountOption("--amount", "add this to the balance");
        var escrow = AmountOption("--escrow", "add this to the escrow (what a winning ticket is backed by)");
        return new Command("fund", "deposit from the funder into the lottery account; returns once mined") { amount, escrow }.WithCall(call =>
        {
            var request = new DepositRequest { Balance = Args.Amount(call.Get(amount), "--amount"), Escrow = Args.Amount(call.Get(escrow), "--escrow") };
            if (IsZero(request.Balance) && IsZero(request.Escrow))
            {
                throw new CliArgumentException("--amount", "give --amount, --escrow or both, not zero");
            }

            return TunnelCommands.PrintAsync(call, call.Wallet.DepositAsync(request, call.Options), PrintTransaction);
        });
    }

    private static Command Warn()
    {
        var amount = AmountOption("--amount", "withdraw this much of the balance");
        var escrow = AmountOption("--escrow", "withdraw this much of the escrow");
        return new Command("warn", "announce a withdrawal; it unlocks after the lottery's delay (zero and zero cancels)") { amount, escrow }.WithCall(call =>
            TunnelCommands.PrintAsync(call, call.Wallet.WarnAsync(new WarnRequest
            {
                Balance = Args.Amount(call.Get(amount), "--amount"),
                Escrow = Args.Amount(call.Get(escrow), "--escrow"),
            }, call.Options), PrintTransaction));
    }

    private static Command Withdraw()
    {
        var to = new Option<string>("--to") { Description = "where the money goes (default: back to the funder)", HelpName = "address" };
        return new Command("withdraw", "make the announced withdrawal once it has unlocked") { to }.WithCall(call =>
            TunnelCommands.PrintAsync(call, call.Wallet.WithdrawAsync(new WithdrawRequest
            {
                To = call.Get(to) is { } address ? Args.Address(address, "--to") : "",
            }, call.Options), PrintTransaction));
    }

    private static Command Transaction()
    {
        var hash = new Argument<string>("hash") { Description = "the transaction's hash (0x and 64 hex digits)" };
        return new Command("tx", "the status of a transaction dvpnd sent") { hash }.WithCall(call =>
            TunnelCommands.PrintAsync(call, call.Wallet.GetTransactionAsync(new GetTransactionRequest { Hash = Args.TransactionHash(call.Get(hash), "hash") }, call.Options),
                PrintTransaction));
    }

    private static Command Estimate()
    {
        var bytes = new Argument<string>("size") { Description = "how much traffic: bytes, or 500MiB, 2GiB, 1GB" };
        var price = new Option<string>("--price") { Description = $"price per GiB (default: the cheapest eligible provider's) ({Args.AmountHelp})", HelpName = "amount" };
        return new Command("estimate", "what an amount of traffic costs, and the variance the lottery adds") { bytes, price }.WithCall(call =>
            TunnelCommands.PrintAsync(call, call.Wallet.EstimateCostAsync(new EstimateCostRequest
            {
                Bytes = Args.Size(call.Get(bytes), "size"),
                PricePerGib = Args.Amount(call.Get(price), "--price"),
            }, call.Options), (o, r) => Text.Pairs(o,
                ("expected cost", Text.Amount(r.Expected, "?")),
                ("tickets", r.Tickets.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("ticket face value", Text.Amount(r.TicketFaceValue, "?")),
                ("standard deviation", Text.Amount(r.StandardDeviation, "?")))));
    }

    private static void PrintTransaction(TextWriter output, Transaction t) => Text.Pairs(output,
        ("transaction", t.Hash),
        ("status", Text.Word(t.Status)),
        ("block", t.BlockNumber == 0 ? "-" : t.BlockNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("gas used", t.GasUsed.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static Option<string> AmountOption(string name, string description) =>
        new(name) { Description = $"{description} ({Args.AmountHelp})", HelpName = "amount" };

    private static bool IsZero(string amount) => amount.Length == 0 || amount.All(c => c == '0');
}
