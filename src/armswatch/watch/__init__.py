"""The monitor (issue 17): watch sources on a schedule, store what is new, alert once per real event.

Public: ``config.load_sources`` / ``config.load_alerts`` (sources.yaml, alerts.yaml), ``monitor.Monitor``
(rounds over the sources), ``alerts.check`` / ``alerts.fire`` / ``alerts.deliver``, ``state.report``
(each source's status). The commands are in ``armswatch.cli_watch``; docs/monitor.md is the user's guide.
"""
