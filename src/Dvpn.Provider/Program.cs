// Placeholder entry point; the host is built in Hosting/ (issue 4).
return 0;
