from ssp_engine.cli import main

raise SystemExit(main())
