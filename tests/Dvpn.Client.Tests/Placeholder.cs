namespace Dvpn.Client.Tests;
